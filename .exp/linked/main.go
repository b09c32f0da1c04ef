package main

import (
	_ "charm.land/bubbletea/v2"
	_ "tally/cli"
	_ "tally/ui"
)

func main() {}
