"""The `playbook` commands, by what they work on; generator/cli.py puts them together."""
