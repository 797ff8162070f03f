"""Run the command line with ``python -m scrgraph``."""

from scrgraph.cli.main import run

if __name__ == "__main__":  # not when a helper process started by the linker imports this module
    run()
