"""contracts.agency"""
