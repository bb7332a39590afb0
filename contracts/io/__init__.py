"""contracts.io"""
