#!/usr/bin/env python
import sys

from etablera.cli import main

if __name__ == "__main__":
    main(sys.argv)
