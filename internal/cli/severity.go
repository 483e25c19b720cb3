package cli

import (
	"fmt"

	"github.com/slsguard/slsguard/internal/finding"
)

// parseFailOn reads a --fail-on value: a severity, or "none" for a
// threshold nothing reaches.
func parseFailOn(s string) (finding.Severity, error) {
	if s == "none" {
		return finding.Critical + 1, nil
	}
	sev, err := finding.ParseSeverity(s)
	if err != nil {
		return 0, usageError{fmt.Errorf("--fail-on: %w (or none)", err)}
	}
	return sev, nil
}
