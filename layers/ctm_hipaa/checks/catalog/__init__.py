"""The check catalog: one module per check, named after its check_id (see checks/registry.py)."""
