package main

import (
	"context"

	"lattice/sim"
)

func init() {
	register(&command{
		name:    "schema",
		args:    "",
		summary: "print the JSON Schema of the scenario format",
		help: `Prints the JSON Schema (draft 2020-12) of the scenario format: every table and
key, with its type, description, allowed values and ranges, and which keys are
required. Editors that understand TOML schemas (Taplo / Even Better TOML,
Tombi) use it for completion, hover help and inline checks when a scenario's
first line is

    #:schema ./lattice.schema.json

Save it beside your scenarios with: lattice schema > lattice.schema.json
('lattice new' does this for you). The schema checks keys, types and ranges;
'lattice validate' also checks references between entries and conditions.`,
		run: cmdSchema,
	})
}

func cmdSchema(_ context.Context, e *env, args []string) int {
	c := lookup("schema")
	fs := newFlags(c, e)
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, c, "takes no arguments")
	}
	if _, err := e.stdout.Write(sim.Schema()); err != nil {
		return writeFailed(e, err)
	}
	return exitOK
}
