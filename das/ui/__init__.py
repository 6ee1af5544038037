"""Everything that draws on the terminal (rich) or asks the user (questionary) lives here."""
