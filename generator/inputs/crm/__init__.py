"""`playbook import`: assessments from a CRM opportunity export (CSV), in the inputs stage."""
