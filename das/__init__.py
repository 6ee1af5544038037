"""das: a command-line tutor and calculator for the AWS data analytics exams (DEA-C01, the default; DAS-C01)."""

__version__ = "0.1.0"
