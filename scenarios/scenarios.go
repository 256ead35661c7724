// Package scenarios holds the built-in scenarios, embedded in the binary so
// that `lattice` plays with no files beside it.
package scenarios

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.toml
var files embed.FS

// FS returns the embedded scenario files.
func FS() fs.FS { return files }

// IDs returns the ids of the built-in scenarios, the tutorial first.
func IDs() []string {
	entries, _ := fs.ReadDir(files, ".")
	var ids []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".toml") {
			ids = append(ids, strings.TrimSuffix(e.Name(), ".toml"))
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if (ids[i] == "tutorial") != (ids[j] == "tutorial") {
			return ids[i] == "tutorial"
		}
		return ids[i] < ids[j]
	})
	return ids
}

// File returns the file name of a built-in scenario id and whether it exists.
func File(id string) (string, bool) {
	name := id + ".toml"
	_, err := fs.Stat(files, name)
	return name, err == nil
}
