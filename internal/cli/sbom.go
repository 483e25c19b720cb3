package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

type sbomOptions struct {
	db        string
	outputDir string
	maxAge    time.Duration
	offline   bool
}

func newSBOMCmd(e *env) *cobra.Command {
	var o sbomOptions
	cmd := &cobra.Command{
		Use:   "sbom [PATH...]",
		Short: "Write a CycloneDX 1.5 SBOM of each application's function code",
		Long: "sbom finds the applications under each PATH (default: the current directory) the way scan does and\n" +
			"writes one CycloneDX 1.5 JSON document per application: a component per function code directory\n" +
			"with its locked packages (package URLs) and, when the local database is present, their known\n" +
			"vulnerabilities. Where no application is found, each PATH is one directory's SBOM.\n" +
			"One SBOM goes to standard output; several need --output-dir. sbom never uses the network.",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSBOM(cmd, e, o, orDot(args))
		},
	}
	cmd.Flags().StringVar(&o.db, "db", "", "database directory (default: slsguard/osv under the user cache dir)")
	cmd.Flags().StringVar(&o.outputDir, "output-dir", "", "write each application's SBOM to DIR/<application>.cdx.json")
	cmd.Flags().DurationVar(&o.maxAge, "db-max-age", defaultDBMaxAge, "warn when the vulnerability database is older than this (0 disables)")
	cmd.Flags().BoolVar(&o.offline, "offline", false, "guarantee that nothing is fetched from the network (sbom never does)")
	return cmd
}

// sbomApp is one application to describe: its name and code directories
// (relative to root) with the functions of each.
type sbomApp struct {
	name string
	root string
	dirs map[string][]string
}

func runSBOM(cmd *cobra.Command, e *env, o sbomOptions, paths []string) error {
	db, err := deps.OpenDB(o.db)
	switch {
	case errors.Is(err, deps.ErrNoDB):
		fmt.Fprintln(e.stderr, "slsguard: no vulnerability database: the SBOM lists packages without vulnerabilities; run `slsguard db update` or `slsguard db import PATH`")
		db = nil
	case err != nil:
		return err
	default:
		if note := db.StaleNote(clock(), o.maxAge); note != "" {
			fmt.Fprintln(e.stderr, "slsguard:", note)
		}
	}
	apps, err := sbomApps(paths)
	if err != nil {
		return err
	}
	if len(apps) > 1 && o.outputDir == "" {
		return usagef("%d applications found: give --output-dir to write one SBOM each", len(apps))
	}
	used := map[string]bool{}
	for _, a := range apps {
		data, err := appSBOM(cmd, e, a, db)
		if err != nil {
			return err
		}
		if o.outputDir == "" {
			if _, err := fmt.Fprintf(e.stdout, "%s\n", data); err != nil {
				return err
			}
			continue
		}
		file := filepath.Join(o.outputDir, sbomFileName(a.name, used))
		if err := os.MkdirAll(o.outputDir, 0o755); err != nil {
			return fmt.Errorf("write SBOM: %w", err)
		}
		if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
			return fmt.Errorf("write SBOM: %w", err)
		}
		fmt.Fprintf(e.stderr, "slsguard: wrote %s\n", file)
	}
	return nil
}

// sbomApps finds the applications under paths and each function's code
// directory, as the DEP rules do; without applications each path that is
// a directory is described on its own.
func sbomApps(paths []string) ([]sbomApp, error) {
	res, err := load.Load(paths, load.Options{})
	if err != nil {
		return nil, usageError{err}
	}
	var out []sbomApp
	for _, app := range res.Apps {
		a := sbomApp{name: appName(app), root: res.Root, dirs: map[string][]string{}}
		pass := rule.NewPass(nil, app, rule.Options{Root: res.Root})
		for _, f := range app.Functions {
			if _, rel, ok := pass.CodeDir(f); ok {
				a.dirs[rel] = append(a.dirs[rel], f.ID)
			}
		}
		out = append(out, a)
	}
	if len(out) > 0 {
		return out, nil
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			return nil, usagef("%s is not a directory and holds no application", p)
		}
		abs, _ := filepath.Abs(p)
		out = append(out, sbomApp{name: filepath.Base(abs), root: p, dirs: map[string][]string{".": nil}})
	}
	return out, nil
}

func appName(app *model.App) string {
	if app.Name != "" {
		return app.Name
	}
	return app.File
}

// appSBOM collects and matches the packages of an application's code
// directories and writes its SBOM.
func appSBOM(cmd *cobra.Command, e *env, a sbomApp, db *deps.DB) ([]byte, error) {
	rels := make([]string, 0, len(a.dirs))
	for rel := range a.dirs {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	inv, problems := deps.Collect(cmd.Context(), a.root, rels)
	for _, p := range problems {
		fmt.Fprintln(e.stderr, "slsguard:", p.Error())
	}
	dirs := make([]deps.SBOMDir, 0, len(inv.Dirs))
	for i, d := range inv.Dirs {
		sd := deps.SBOMDir{Dir: rels[i], Functions: a.dirs[rels[i]], Inventory: d}
		if db != nil {
			vs, err := db.Match(d.Packages)
			if err != nil {
				return nil, err
			}
			sd.Vulns = vs
		}
		dirs = append(dirs, sd)
	}
	return deps.CycloneDXApp(a.name, dirs, version())
}

// sbomFileName turns an application name into a file name that is safe
// and not yet used.
func sbomFileName(name string, used map[string]bool) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
	safe = strings.Trim(safe, ".")
	if safe == "" {
		safe = "app"
	}
	file := safe + ".cdx.json"
	for i := 2; used[file]; i++ {
		file = fmt.Sprintf("%s-%d.cdx.json", safe, i)
	}
	used[file] = true
	return file
}
