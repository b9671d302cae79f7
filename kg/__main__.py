"""``python -m kg`` is the ``kg`` command."""

from kg.cli import main

if __name__ == "__main__":  # not when extraction workers are spawned and import the main module again
    main()
