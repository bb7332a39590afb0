"""contracts.dynamics"""
