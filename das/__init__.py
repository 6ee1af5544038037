"""das: a command-line tutor and calculator for the AWS data analytics exams (DAS-C01, DEA-C01)."""

__version__ = "0.1.0"
