package osv

import (
	"strings"

	cvss20 "github.com/pandatix/go-cvss/20"
	cvss30 "github.com/pandatix/go-cvss/30"
	cvss31 "github.com/pandatix/go-cvss/31"
	cvss40 "github.com/pandatix/go-cvss/40"
)

// Score is a severity computed from a record: the CVSS base score (0-10)
// of the newest CVSS version present, and where it came from.
type Score struct {
	Value float64 `json:"score"`
	// Source is "CVSS_V4", "CVSS_V3", "CVSS_V2", or "database_specific"
	// when only a label was given (the label's score is the middle of its
	// CVSS band).
	Source string `json:"source"`
	Vector string `json:"vector,omitempty"`
}

// labelScores maps database_specific severity labels (GitHub's) to the
// middle of their CVSS v3 band, so that labels and vectors sort together.
var labelScores = map[string]float64{
	"LOW":      2.0,
	"MODERATE": 5.5,
	"MEDIUM":   5.5,
	"HIGH":     8.0,
	"CRITICAL": 9.5,
}

// SeverityScore computes the record's severity for affected entry a (a may
// be nil): the affected entry's own severity first, then the record's, then
// the database-specific label. ok is false when nothing gives a score.
func (r *Record) SeverityScore(a *Affected) (Score, bool) {
	var lists [][]Severity
	if a != nil {
		lists = append(lists, a.Severity)
	}
	lists = append(lists, r.Severity)
	for _, list := range lists {
		if s, ok := bestScore(list); ok {
			return s, true
		}
	}
	if r.DatabaseSpecific != nil {
		if v, ok := labelScores[strings.ToUpper(r.DatabaseSpecific.Severity)]; ok {
			return Score{Value: v, Source: "database_specific"}, true
		}
	}
	return Score{}, false
}

// bestScore prefers CVSS v4 over v3 over v2, as the newer version is the
// one its authors chose to publish last.
func bestScore(list []Severity) (Score, bool) {
	for _, typ := range []string{"CVSS_V4", "CVSS_V3", "CVSS_V2"} {
		for _, s := range list {
			if s.Type != typ {
				continue
			}
			if v, ok := CVSSScore(s.Score); ok {
				return Score{Value: v, Source: typ, Vector: s.Score}, true
			}
		}
	}
	return Score{}, false
}

// CVSSScore computes the base score of a CVSS v2, v3.0, v3.1 or v4.0
// vector. ok is false for a vector that does not parse.
func CVSSScore(vector string) (float64, bool) {
	switch {
	case strings.HasPrefix(vector, "CVSS:4.0/"):
		c, err := cvss40.ParseVector(vector)
		if err != nil {
			return 0, false
		}
		return c.Score(), true
	case strings.HasPrefix(vector, "CVSS:3.1/"):
		c, err := cvss31.ParseVector(vector)
		if err != nil {
			return 0, false
		}
		return c.BaseScore(), true
	case strings.HasPrefix(vector, "CVSS:3.0/"):
		c, err := cvss30.ParseVector(vector)
		if err != nil {
			return 0, false
		}
		return c.BaseScore(), true
	}
	c, err := cvss20.ParseVector(vector)
	if err != nil {
		return 0, false
	}
	return c.BaseScore(), true
}
