package secrets

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/rs/zerolog"
	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/logging"
)

// maxTextSize bounds the text a single file contributes: larger files are
// generated bundles or data, and the regular expressions would dominate a scan.
const maxTextSize = 8 << 20

// Scanner finds secrets in whole files. Build it once with NewScanner: the
// gitleaks rule set is compiled then; Scan is safe for concurrent use.
type Scanner struct {
	detector *detect.Detector
}

// found is a Match together with the secret it redacts, kept only inside the
// package to deduplicate and never returned.
type found struct {
	Match
	secret string
}

// silenceGitleaks turns off the gitleaks logger, which writes to stderr;
// a library must not print.
var silenceGitleaks = sync.OnceFunc(func() {
	logging.Logger = logging.Logger.Level(zerolog.Disabled)
})

// NewScanner compiles the gitleaks default configuration.
func NewScanner() (*Scanner, error) {
	silenceGitleaks()
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(config.DefaultConfig)); err != nil {
		return nil, fmt.Errorf("read gitleaks default config: %w", err)
	}
	var vc config.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return nil, fmt.Errorf("decode gitleaks default config: %w", err)
	}
	cfg, err := vc.Translate()
	if err != nil {
		return nil, fmt.Errorf("compile gitleaks default config: %w", err)
	}
	d := detect.NewDetector(cfg)
	return &Scanner{detector: d}, nil
}

// Scan returns the secrets in one file's content, sorted by path, line,
// column and kind. Zip archives are opened and their members scanned; an
// archive that cannot be read yields the matches found before the damage.
// Use ScanFile to learn about such damage.
func (s *Scanner) Scan(path string, content []byte) []Match {
	ms, _ := s.ScanFile(path, content)
	return ms
}

// ScanFile is Scan that also reports an archive it could not read fully.
func (s *Scanner) ScanFile(path string, content []byte) ([]Match, error) {
	var out []found
	var err error
	if !isZip(content) {
		return finish(s.scanText(path, content)), nil
	}
	out, err = s.scanZip(path, content, 0)
	ms := finish(out) // deduplicates by member line, so before the lines move
	for i := range ms {
		ms[i].Member = strings.TrimPrefix(ms[i].Path, path+"!")
		ms[i].MemberLine = ms[i].Line
		ms[i].Line, ms[i].Column = 0, 0
	}
	return ms, err
}

// scanText runs every detector over one text file.
func (s *Scanner) scanText(path string, content []byte) []found {
	if len(content) > maxTextSize || isBinary(content) {
		return nil
	}
	text := string(content)
	out := s.gitleaks(text, path)
	out = append(out, detectText(path, text)...)
	sample := isSample(path)
	kept := out[:0]
	for _, f := range out {
		if sample && isDocExampleKey(f.secret) {
			continue // a sample file shows where a key goes, quoting AWS's example
		}
		f.Path = path
		kept = append(kept, f)
	}
	return kept
}

// isBinary uses git's heuristic: a NUL byte near the start.
func isBinary(b []byte) bool {
	return bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0
}

// gitleaks runs the gitleaks rules and converts their findings, recomputing
// line and column from the secret's position because gitleaks' columns are
// off by one after the first line.
func (s *Scanner) gitleaks(text, path string) []found {
	frag := detect.Fragment{Raw: text, FilePath: path}
	fs := s.detector.DetectContext(context.Background(), frag)
	out := make([]found, 0, len(fs))
	lines := lineStarts(text)
	for _, f := range fs {
		if f.Secret == "" {
			continue
		}
		line, col := f.StartLine+1, f.StartColumn
		if f.StartLine >= 0 && f.StartLine < len(lines) {
			start := lines[f.StartLine]
			if i := strings.Index(text[start:], f.Secret); i >= 0 {
				line, col = position(lines, start+i)
			}
		}
		out = append(out, found{
			Match: Match{
				Kind:        f.RuleID,
				Description: f.Description,
				Redacted:    Redact(f.Secret),
				Line:        line,
				Column:      col,
				Confidence:  ConfidenceHigh,
			},
			secret: f.Secret,
		})
	}
	return out
}

// lineStarts returns the byte offset of every line's first byte.
func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position turns a byte offset into a 1-based line and byte column.
func position(starts []int, off int) (int, int) {
	i, found := slices.BinarySearch(starts, off)
	if !found {
		i--
	}
	return i + 1, off - starts[i] + 1
}

// finish removes duplicates (the same secret reported on one line by two
// detectors, or two secrets of one kind on one line, which a reader fixes
// together; the first, gitleaks, wins) and sorts.
func finish(in []found) []Match {
	type key struct {
		path, what string
		line       int
	}
	seen := make(map[key]bool, len(in))
	out := make([]Match, 0, len(in))
	for _, f := range in {
		bySecret := key{f.Path, "s:" + strings.Trim(f.secret, `"'`+"`"), f.Line}
		byKind := key{f.Path, "k:" + f.Kind, f.Line}
		if seen[bySecret] || seen[byKind] {
			continue
		}
		seen[bySecret], seen[byKind] = true, true
		out = append(out, f.Match)
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Kind, b.Kind))
	})
	if len(out) == 0 {
		return nil
	}
	return out
}
