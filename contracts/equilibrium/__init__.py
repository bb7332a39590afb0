"""contracts.equilibrium"""
