"""Content: reading YAML (one parser, one semantics), the schema, notes, question banks, rules, search, cache."""
