"""contracts.models"""
