"""`python -m das` runs the same CLI as the `das` console script."""

from das.entry import main

if __name__ == "__main__":
    main()
