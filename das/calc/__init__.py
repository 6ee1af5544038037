"""Pure capacity calculators: each takes exact inputs and returns a CalcResult with its worked steps.

Calculators never print; the CLI renders their results. The numbers they use come from content rules.
"""
