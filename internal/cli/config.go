package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/slsguard/slsguard/internal/config"
	"github.com/slsguard/slsguard/internal/scan"
)

// loadConfig reads --config, or .slsguard.yaml found from the first
// scanned path upward; nil when there is none.
func loadConfig(path string, args []string) (*config.Config, error) {
	if path == "" {
		start := "."
		if len(args) > 0 {
			start = args[0]
		}
		path = config.Find(start)
	}
	if path == "" {
		return nil, nil
	}
	return config.Load(path)
}

// applyConfig fills flags the user did not set from the configuration.
func (fl *scanFlags) applyConfig(cmd *cobra.Command, cfg *config.Config) {
	if cfg == nil {
		return
	}
	set := cmd.Flags().Changed
	if !set("rule") && len(cfg.Rules.Enable) > 0 {
		fl.rules = cfg.Rules.Enable
	}
	fl.skipRules = append(fl.skipRules, cfg.Rules.Disable...)
	fl.skip = append(fl.skip, cfg.Skip...)
	if !set("regions") {
		fl.regions = cfg.Regions
	}
	if !set("format") && len(cfg.Output.Format) > 0 {
		fl.formats = cfg.Output.Format
	}
	if !set("severity") && cfg.Output.Severity != "" {
		fl.severity = cfg.Output.Severity
	}
	if !set("fail-on") && cfg.Output.FailOn != "" {
		fl.failOn = cfg.Output.FailOn
	}
}

// withConfig adds the configuration's parameters, severity overrides,
// ignore file and the baseline to scan options.
func withConfig(opts *scan.Options, cfg *config.Config, baseline string) error {
	if cfg != nil {
		for k, v := range cfg.Params {
			if _, ok := opts.Params[k]; !ok {
				opts.Params[k] = v
			}
		}
		opts.Severity = cfg.Rules.Severity
		ignore := cfg.IgnoreFile
		if ignore == "" {
			ignore = ".slsguard-ignore.yaml"
		}
		if !filepath.IsAbs(ignore) {
			ignore = filepath.Join(filepath.Dir(cfg.Path), ignore)
		}
		if _, err := os.Stat(ignore); err == nil || cfg.IgnoreFile != "" {
			ig, err := config.LoadIgnore(ignore)
			if err != nil {
				return err
			}
			opts.Ignore = ig
		}
	}
	if baseline != "" {
		b, err := config.LoadBaseline(baseline)
		if err != nil {
			return err
		}
		opts.Baseline, opts.BaselinePath = b, baseline
	}
	return nil
}

func newInitCmd(e *env) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a commented starter " + config.FileName,
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			path := filepath.Join(dir, config.FileName)
			if _, err := os.Stat(path); err == nil && !force {
				return usagef("%s exists (use --force to overwrite)", path)
			}
			if err := os.WriteFile(path, []byte(config.Starter), 0o644); err != nil {
				return err
			}
			_, err := fmt.Fprintf(e.stdout, "wrote %s\n", path)
			return err
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	return cmd
}
