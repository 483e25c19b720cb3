package deps

// Counts are a directory's dependency hygiene numbers.
type Counts struct {
	Total      int `json:"total"`
	Direct     int `json:"direct"`
	Transitive int `json:"transitive"`
	Unpinned   int `json:"unpinned"`
	Vendored   int `json:"vendored"`
}

// Stats counts packages by relation; a package found in several files
// (a lockfile and node_modules) is counted once per file.
func Stats(pkgs []Package) Counts {
	var c Counts
	for _, p := range pkgs {
		c.Total++
		switch p.Relation {
		case Direct:
			c.Direct++
		case Transitive:
			c.Transitive++
		}
		if p.Unpinned() {
			c.Unpinned++
		}
		if p.Vendored {
			c.Vendored++
		}
	}
	return c
}
