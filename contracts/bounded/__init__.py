"""contracts.bounded"""
