package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/slsguard/slsguard/internal/deps/vulndb"
	"github.com/spf13/cobra"
)

// defaultEcosystems are the ecosystems `db update` downloads when none are
// named: the runtimes Lambda supports.
var defaultEcosystems = []string{"npm", "PyPI", "Go", "Maven", "NuGet", "RubyGems"}

// clock is the time the CLI judges the database's age by; tests fix it.
var clock = time.Now

// errOffline is returned by commands that would need the network when
// --offline is given.
var errOffline = errors.New("--offline: this command needs the network")

// defaultDBMaxAge is how old the database may be before scan and deps say
// so.
const defaultDBMaxAge = 7 * 24 * time.Hour

// dbDir resolves --db.
func dbDir(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	return vulndb.DefaultDir()
}

func newDBCmd(e *env) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Manage the local vulnerability database (OSV)",
	}
	cmd.PersistentFlags().StringVar(&dir, "db", "", "database directory (default: slsguard/osv under the user cache dir)")
	cmd.AddCommand(newDBImportCmd(e, &dir), newDBUpdateCmd(e, &dir), newDBStatusCmd(e, &dir))
	return cmd
}

func newDBImportCmd(e *env, dir *string) *cobra.Command {
	return &cobra.Command{
		Use:   "import PATH...",
		Short: "Import OSV records from directories or zip archives (JSON or YAML)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := dbDir(*dir)
			if err != nil {
				return err
			}
			for _, src := range args {
				start := time.Now()
				res, err := vulndb.Import(d, src, vulndb.ImportOptions{Now: clock()})
				for _, p := range res.Problems {
					fmt.Fprintln(e.stderr, "slsguard: skipped:", p)
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "imported %s in %s: %s\n", src, time.Since(start).Round(time.Millisecond), countsText(res.Records, res.Withdrawn))
			}
			return nil
		},
	}
}

func countsText(records, withdrawn map[string]int) string {
	var ecos []string
	for eco := range records {
		ecos = append(ecos, eco)
	}
	sort.Strings(ecos)
	if len(ecos) == 0 {
		return "no records"
	}
	parts := make([]string, 0, len(ecos))
	for _, eco := range ecos {
		s := fmt.Sprintf("%s %d records", eco, records[eco])
		if w := withdrawn[eco]; w > 0 {
			s += fmt.Sprintf(" (%d withdrawn skipped)", w)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func newDBUpdateCmd(e *env, dir *string) *cobra.Command {
	var base string
	var timeout time.Duration
	var offline bool
	cmd := &cobra.Command{
		Use:   "update [ECOSYSTEM...]",
		Short: "Download the OSV exports of ecosystems (default: " + strings.Join(defaultEcosystems, ", ") + ")",
		RunE: func(cmd *cobra.Command, args []string) error {
			if offline {
				return usageError{fmt.Errorf("db update %w: download the exports elsewhere and run `slsguard db import PATH`", errOffline)}
			}
			d, err := dbDir(*dir)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				args = defaultEcosystems
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			client := &http.Client{}
			results, err := vulndb.Update(ctx, d, args, vulndb.UpdateOptions{BaseURL: base, Client: client, Now: clock()})
			for _, r := range results {
				for _, p := range r.Problems {
					fmt.Fprintln(e.stderr, "slsguard: skipped:", p)
				}
				if r.NotModified {
					fmt.Fprintf(e.stdout, "%s: up to date (%d records)\n", r.Ecosystem, r.Records)
					continue
				}
				fmt.Fprintf(e.stdout, "%s: %d records\n", r.Ecosystem, r.Records)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&base, "base-url", vulndb.DefaultBaseURL, "where <ecosystem>/all.zip are downloaded from")
	cmd.Flags().DurationVar(&timeout, "timeout", 10*time.Minute, "give up after this long")
	cmd.Flags().BoolVar(&offline, "offline", false, "refuse to use the network (the command then fails: use db import)")
	return cmd
}

func newDBStatusCmd(e *env, dir *string) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show the ecosystems in the local database, their record counts and age",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := dbDir(*dir)
			if err != nil {
				return err
			}
			db, err := vulndb.Open(d)
			if errors.Is(err, vulndb.ErrNoDB) {
				fmt.Fprintf(e.stdout, "no database in %s: run `slsguard db update` or `slsguard db import PATH`\n", d)
				return nil
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "database: %s\n", d)
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ECOSYSTEM\tRECORDS\tUPDATED\tAGE\tSOURCE")
			now := clock()
			for _, eco := range db.Ecosystems() {
				s := db.Meta().Ecosystems[eco]
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", eco, s.Records, s.Updated.Format(time.RFC3339), age(now.Sub(s.Updated)), s.Source)
			}
			return tw.Flush()
		},
	}
}

// age writes a duration the way a person reads a database's age.
func age(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
