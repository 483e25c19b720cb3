package deps

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	cpb "github.com/google/osv-scalibr/binary/proto/config_go_proto"
	"github.com/google/osv-scalibr/extractor"
	"github.com/google/osv-scalibr/extractor/filesystem"
	"github.com/google/osv-scalibr/extractor/filesystem/language/dotnet/csproj"
	"github.com/google/osv-scalibr/extractor/filesystem/language/dotnet/packageslockjson"
	"github.com/google/osv-scalibr/extractor/filesystem/language/golang/gomod"
	"github.com/google/osv-scalibr/extractor/filesystem/language/java/gradlelockfile"
	"github.com/google/osv-scalibr/extractor/filesystem/language/java/pomxml"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/bunlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/packagejson"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/packagelockjson"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/pnpmlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/yarnlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/pdmlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/pipfilelock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/poetrylock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/requirements"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/uvlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/wheelegg"
	"github.com/google/osv-scalibr/extractor/filesystem/language/ruby/gemfilelock"
	scalibrfs "github.com/google/osv-scalibr/fs"

	"github.com/slsguard/slsguard/internal/model"
)

// constructor builds one osv-scalibr extractor.
type constructor func(*cpb.PluginConfig) (filesystem.Extractor, error)

// lockfileExtractors is the explicit list of osv-scalibr extractors slsguard
// runs on a function's directory. package.json is not here: outside
// node_modules it is a manifest (see manifest.go), inside it is an
// installed package (vendoredExtractor).
var lockfileExtractors = []constructor{
	packagelockjson.New,
	yarnlock.New,
	pnpmlock.New,
	bunlock.New,
	requirements.New,
	pipfilelock.New,
	poetrylock.New,
	uvlock.New,
	pdmlock.New,
	wheelegg.New,
	gomod.New,
	pomxml.New,
	gradlelockfile.New,
	packageslockjson.New,
	csproj.New,
	gemfilelock.New,
}

// extractors holds the instantiated extractors of one Collect call.
type extractors struct {
	list     []filesystem.Extractor
	vendored filesystem.Extractor
}

func newExtractors() (*extractors, error) {
	cfg := &cpb.PluginConfig{}
	x := &extractors{}
	for _, c := range lockfileExtractors {
		e, err := c(cfg)
		if err != nil {
			return nil, fmt.Errorf("create extractor: %w", err)
		}
		x.list = append(x.list, e)
	}
	v, err := packagejson.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("create extractor: %w", err)
	}
	x.vendored = v
	return x, nil
}

// fileAPI is what osv-scalibr's FileRequired asks of a file.
type fileAPI struct {
	path string
	fsys scalibrfs.FS
	info fs.FileInfo
}

func (f *fileAPI) Path() string { return f.path }

func (f *fileAPI) Stat() (fs.FileInfo, error) {
	if f.info != nil {
		return f.info, nil
	}
	info, err := fs.Stat(f.fsys, f.path)
	f.info = info
	return info, err
}

// required returns the extractors that want the file at rel (slash path
// relative to the collection root).
func (x *extractors) required(fsys scalibrfs.FS, rel string) []filesystem.Extractor {
	api := &fileAPI{path: rel, fsys: fsys}
	if inNodeModules(rel) {
		if path.Base(rel) == "package.json" && x.vendored.FileRequired(api) {
			return []filesystem.Extractor{x.vendored}
		}
		return nil
	}
	var out []filesystem.Extractor
	for _, e := range x.list {
		if e.FileRequired(api) {
			out = append(out, e)
		}
	}
	return out
}

func inNodeModules(rel string) bool {
	return strings.HasPrefix(rel, "node_modules/") || strings.Contains(rel, "/node_modules/")
}

// run runs one extractor on one file; a panic inside an extractor becomes
// an error naming the file, so that one hostile lockfile cannot stop a scan.
func run(ctx context.Context, e filesystem.Extractor, root string, fsys scalibrfs.FS, rel string) (pkgs []*extractor.Package, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: extractor %s failed: %v", rel, e.Name(), r)
		}
	}()
	f, err := fsys.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > maxLockfileSize {
		return nil, fmt.Errorf("%s: %d bytes exceeds the %d byte limit for a lockfile", rel, info.Size(), maxLockfileSize)
	}
	inv, err := e.Extract(ctx, &filesystem.ScanInput{FS: fsys, Path: rel, Root: root, Info: info, Reader: f})
	if err != nil {
		return nil, err
	}
	return inv.Packages, nil
}

// maxLockfileSize bounds one lockfile; the largest real package-lock.json
// files are tens of MB.
const maxLockfileSize = 256 << 20

// dirFS is the scalibr view of a directory on disk.
func dirFS(root string) scalibrfs.FS { return scalibrfs.DirFS(root) }

// isRequirementsFile matches the files the requirements extractor reads.
func isRequirementsFile(rel string) bool {
	return path.Ext(rel) == ".txt" && strings.Contains(path.Base(rel), "requirements")
}

// Patterns of requirement lines, after pip's rules: a comment starts at a
// '#' that begins the line or follows a space; per-requirement options
// start at the first --hash, --global-option, --config-settings or -C.
var (
	reqComment   = regexp.MustCompile(`(^|\s+)#.*$`)
	reqOptions   = regexp.MustCompile(`(?:\s+|^)(?:--hash|--global-option|--config-settings|-C).*`)
	reqExtras    = regexp.MustCompile(`\[[^\[\]]*\]`)
	reqEnvVar    = regexp.MustCompile(`\$\{[A-Z0-9_]+\}`)
	reqValidName = regexp.MustCompile(`(?i)^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$`)
)

// droppedRequirements recovers the requirements that osv-scalibr v0.5.3's
// requirements extractor silently drops: it cuts the name at ==, >=, <=,
// ~=, != and < but not at a strict >, so "numpy>1.26,<2.1" yields the name
// "numpy>1.26," and is discarded as invalid. Such a line is an open range:
// it is reported unpinned, with its constraint and line. Lines the
// extractor keeps are left to it, so nothing is reported twice.
func (c *collector) droppedRequirements(rel string) ([]Package, bool, error) {
	data, err := fs.ReadFile(c.fsys, rel)
	if err != nil {
		return nil, false, fmt.Errorf("read requirements: %w", err)
	}
	var out []Package
	for _, r := range requirementLines(data) {
		if !strings.Contains(r.spec, ">") || reqValidName.MatchString(extractorName(r.spec)) {
			continue
		}
		name := requirementName(r.spec)
		if !reqValidName.MatchString(name) {
			continue
		}
		out = append(out, Package{Ecosystem: "PyPI", Name: name, Constraint: r.text,
			Loc: model.Location{File: c.file(rel), Line: r.line}})
	}
	return out, len(out) > 0, nil
}

// requirement is one logical line of a requirements file.
type requirement struct {
	line int    // first physical line
	text string // the requirement as written, without comment and options
	spec string // without extras and environment markers
}

// requirementLines splits a requirements file into logical lines, joining
// continuation lines and dropping comments, options and lines with
// environment variables (as pip and the extractor do).
func requirementLines(data []byte) []requirement {
	var out []requirement
	s := bufio.NewScanner(bytes.NewReader(data))
	s.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n, start := 0, 0
	var b strings.Builder
	for s.Scan() {
		n++
		if b.Len() == 0 {
			start = n
		}
		l := reqComment.ReplaceAllString(s.Text(), "")
		if reqEnvVar.MatchString(l) {
			b.Reset()
			continue
		}
		if cont, ok := strings.CutSuffix(l, `\`); ok {
			b.WriteString(cont)
			continue
		}
		b.WriteString(l)
		text := strings.TrimSpace(reqOptions.ReplaceAllString(b.String(), ""))
		b.Reset()
		if text == "" || strings.HasPrefix(text, "-") {
			continue
		}
		spec, _, _ := strings.Cut(text, ";")
		spec = strings.TrimSpace(reqExtras.ReplaceAllString(spec, ""))
		out = append(out, requirement{line: start, text: text, spec: spec})
	}
	return out
}

// extractorName is the name osv-scalibr v0.5.3 gives a requirement.
func extractorName(spec string) string {
	if strings.ContainsAny(spec, "*,") || strings.Contains(spec, "!=") || strings.Contains(spec, "<") && !strings.Contains(spec, "<=") {
		for _, sep := range []string{"===", "==", ">=", "<=", "~=", "!=", "<"} {
			spec, _, _ = strings.Cut(spec, sep)
		}
		return strings.TrimSpace(spec)
	}
	for _, sep := range []string{"===", "==", ">=", "<=", "~="} {
		if name, _, ok := strings.Cut(spec, sep); ok {
			return strings.TrimSpace(name)
		}
	}
	return strings.TrimSpace(spec)
}

// requirementName is the distribution name of a requirement: everything
// before its first version operator.
func requirementName(spec string) string {
	if i := strings.IndexAny(spec, "<>=!~ \t("); i >= 0 {
		spec = spec[:i]
	}
	return strings.TrimSpace(spec)
}
