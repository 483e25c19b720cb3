package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/slsguard/slsguard/internal/deps"
	"github.com/spf13/cobra"
)

type depsOptions struct {
	db      string
	format  string
	all     bool
	offline bool
	maxAge  time.Duration
}

func newDepsCmd(e *env) *cobra.Command {
	var o depsOptions
	cmd := &cobra.Command{
		Use:   "deps [PATH...]",
		Short: "List the packages of each directory and their known vulnerabilities",
		Long: "deps reads the lockfiles, manifests and vendored packages under each PATH (default: the current\n" +
			"directory) and matches them against the local OSV database (see `slsguard db`).\n" +
			"It exits with 1 when a vulnerable package is found.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "text" && o.format != "json" && o.format != "cyclonedx" {
				return usagef("--format %q: want text, json or cyclonedx", o.format)
			}
			if len(args) == 0 {
				args = []string{"."}
			}
			if o.format == "cyclonedx" && len(args) > 1 {
				return usagef("--format cyclonedx writes one SBOM: give one PATH")
			}
			return runDeps(cmd, e, o, args)
		},
	}
	cmd.Flags().StringVar(&o.db, "db", "", "database directory (default: slsguard/osv under the user cache dir)")
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: text, json, or cyclonedx (a CycloneDX 1.5 SBOM)")
	cmd.Flags().BoolVar(&o.all, "all", false, "list every package, not only vulnerable and unpinned ones (text)")
	cmd.Flags().BoolVar(&o.offline, "offline", false, "guarantee that nothing is fetched from the network (deps never does)")
	cmd.Flags().DurationVar(&o.maxAge, "db-max-age", defaultDBMaxAge, "warn when the vulnerability database is older than this (0 disables)")
	return cmd
}

// depsReport is the JSON output: per directory, its packages and
// vulnerabilities.
type depsReport struct {
	Database string          `json:"database,omitempty"`
	Dirs     []depsDirReport `json:"dirs"`
	Problems []string        `json:"problems,omitempty"`
}

type depsDirReport struct {
	deps.DirInventory
	Vulns []deps.Vuln `json:"vulnerabilities"`
}

func runDeps(cmd *cobra.Command, e *env, o depsOptions, args []string) error {
	rep, err := collectDeps(cmd, e, o, args)
	if err != nil {
		return err
	}
	switch o.format {
	case "cyclonedx":
		d := rep.Dirs[0]
		data, err := deps.CycloneDX(d.DirInventory, d.Vulns, version())
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(e.stdout, "%s\n", data); err != nil {
			return err
		}
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	default:
		writeDepsText(e.stdout, rep, o.all)
	}
	if o.format != "json" {
		for _, p := range rep.Problems {
			fmt.Fprintln(e.stderr, "slsguard:", p)
		}
	}
	for _, d := range rep.Dirs {
		if len(d.Vulns) > 0 {
			return errFindings
		}
	}
	return nil
}

// collectDeps lists and matches the packages of each PATH. Without a
// database the packages are still listed.
func collectDeps(cmd *cobra.Command, e *env, o depsOptions, args []string) (depsReport, error) {
	var rep depsReport
	db, err := deps.OpenDB(o.db)
	switch {
	case errors.Is(err, deps.ErrNoDB):
		fmt.Fprintln(e.stderr, "slsguard: no vulnerability database: packages are listed without vulnerabilities;", "run `slsguard db update` or `slsguard db import PATH`")
		db = nil
	case err != nil:
		return rep, err
	default:
		rep.Database = strings.Join(db.Ecosystems(), ", ")
		if note := db.StaleNote(clock(), o.maxAge); note != "" {
			fmt.Fprintln(e.stderr, "slsguard:", note)
		}
	}
	for _, a := range args {
		if st, err := os.Stat(a); err != nil {
			return rep, err
		} else if !st.IsDir() {
			return rep, usagef("%s is not a directory: give the function's code directory", a)
		}
		inv, problems := deps.Collect(cmd.Context(), a, []string{"."})
		for _, p := range problems {
			rep.Problems = append(rep.Problems, p.Error())
		}
		for _, d := range inv.Dirs {
			d.Dir = a
			dr := depsDirReport{DirInventory: d, Vulns: []deps.Vuln{}}
			if db != nil {
				vs, err := db.Match(d.Packages)
				if err != nil {
					return rep, err
				}
				if vs != nil {
					dr.Vulns = vs
				}
			}
			rep.Dirs = append(rep.Dirs, dr)
		}
	}
	return rep, nil
}

func writeDepsText(w io.Writer, rep depsReport, all bool) {
	for _, d := range rep.Dirs {
		st := deps.Stats(d.Packages)
		fmt.Fprintf(w, "%s: %d files, %d packages (%d direct, %d transitive, %d unpinned), %d vulnerabilities\n",
			d.Dir, len(d.Files), st.Total, st.Direct, st.Transitive, st.Unpinned, len(d.Vulns))
		if len(d.DeepestChain) > 1 {
			fmt.Fprintf(w, "  deepest dependency chain (%d): %s\n", len(d.DeepestChain), strings.Join(d.DeepestChain, " > "))
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, v := range d.Vulns {
			fixed := "no fix known"
			if v.Fixed != "" {
				fixed = "fix: upgrade to " + v.Fixed
			}
			fmt.Fprintf(tw, "  %s\t%s %s\t%s\t%s\t%s\t%s\n", v.Severity(), v.Package.Name, v.Package.Version,
				idsText(v), scoreText(v), fixed, rel(v.Package.Loc.String()))
		}
		for _, p := range d.Packages {
			if !all && !p.Unpinned() {
				continue
			}
			version := p.Version
			if p.Unpinned() {
				version = "unpinned " + p.Constraint
			}
			fmt.Fprintf(tw, "  %s\t%s %s\t%s\t%s\n", p.Ecosystem, p.Name, version, p.Relation, rel(p.Loc.String()))
		}
		tw.Flush()
	}
}

// idsText writes the primary id followed by its aliases.
func idsText(v deps.Vuln) string {
	var aliases []string
	for _, id := range v.IDs {
		if id != v.ID {
			aliases = append(aliases, id)
		}
	}
	if len(aliases) == 0 {
		return v.ID
	}
	return v.ID + " (" + strings.Join(aliases, ", ") + ")"
}

func scoreText(v deps.Vuln) string {
	if !v.HasScore {
		return "score ?"
	}
	return fmt.Sprintf("score %.1f", v.Score.Value)
}

func rel(p string) string { return filepath.ToSlash(p) }
