"""Run the command line: ``python -m hotspot``."""

from hotspot.cli import main

if __name__ == "__main__":
    main(prog_name="hotspot")
