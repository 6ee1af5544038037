"""Quiz, exam and review runs: they talk to the user only through the asker and presenter they are given."""
