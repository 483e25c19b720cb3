package vulndb

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/slsguard/slsguard/internal/deps/osv"
)

// ImportOptions tune an import.
type ImportOptions struct {
	// Now is the import time recorded in the metadata.
	Now time.Time
	// Only restricts the import to these ecosystems (all when empty).
	Only []string
	// Source is recorded as where the data came from (the path by default).
	Source string
	// ETag and LastModified are recorded for conditional downloads.
	ETag, LastModified string
}

// ImportResult says what an import did.
type ImportResult struct {
	// Records per ecosystem written to the index.
	Records map[string]int
	// Withdrawn records skipped, per ecosystem.
	Withdrawn map[string]int
	// Problems are files that could not be read as OSV records; each error
	// names its file. The import goes on without them.
	Problems []error
}

// maxZipEntry bounds one file inside an archive (zip bombs).
const maxZipEntry = 64 << 20

// Import reads OSV records from src, a directory (searched recursively for
// .json, .yaml and .yml files) or a .zip archive, and replaces the index of
// every ecosystem the records affect. Ecosystems not in src are kept.
func Import(dir, src string, opts ImportOptions) (ImportResult, error) {
	files, err := readSource(src)
	if err != nil {
		return ImportResult{}, err
	}
	recs, problems := parseAll(files)
	if opts.Source == "" {
		opts.Source = src
	}
	res, err := store(dir, recs, opts)
	res.Problems = append(problems, res.Problems...)
	return res, err
}

type sourceFile struct {
	name string
	data []byte
}

func readSource(src string) ([]sourceFile, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", src, err)
	}
	if !st.IsDir() {
		return readZip(src)
	}
	var files []sourceFile
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if !isRecordFile(path) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files = append(files, sourceFile{name: path, data: data})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", src, err)
	}
	return files, nil
}

func isRecordFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".json" || ext == ".yaml" || ext == ".yml"
}

func readZip(src string) ([]sourceFile, error) {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", src, err)
	}
	defer zr.Close()
	var files []sourceFile
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !isRecordFile(f.Name) {
			continue
		}
		name := src + ":" + f.Name
		if f.UncompressedSize64 > maxZipEntry {
			return nil, fmt.Errorf("import %s: entry of %d bytes is too large", name, f.UncompressedSize64)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", name, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxZipEntry+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", name, err)
		}
		files = append(files, sourceFile{name: name, data: data})
	}
	return files, nil
}

// parseAll parses files on every core; the result keeps the files' order.
func parseAll(files []sourceFile) ([]*osv.Record, []error) {
	recs := make([]*osv.Record, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(files); i += workers {
				r, err := osv.Parse(files[i].name, files[i].data)
				if err != nil {
					errs[i] = err
					continue
				}
				r.SortEvents()
				recs[i] = r
			}
		}(w)
	}
	wg.Wait()
	var out []*osv.Record
	var problems []error
	for i := range files {
		if errs[i] != nil {
			problems = append(problems, errs[i])
			continue
		}
		out = append(out, recs[i])
	}
	return out, problems
}

// store groups records by ecosystem and writes one index per ecosystem,
// then the metadata.
func store(dir string, recs []*osv.Record, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Records: map[string]int{}, Withdrawn: map[string]int{}}
	byEco := map[string][]*osv.Record{}
	for _, r := range recs {
		for _, eco := range recordEcosystems(r) {
			if len(opts.Only) > 0 && !contains(opts.Only, eco) {
				continue
			}
			if r.Withdrawn != "" {
				res.Withdrawn[eco]++
				continue
			}
			byEco[eco] = append(byEco[eco], r)
		}
	}
	ecos := make([]string, 0, len(byEco))
	for eco := range byEco {
		ecos = append(ecos, eco)
	}
	sort.Strings(ecos)
	for _, eco := range ecos {
		list := byEco[eco]
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
		data, err := encodeIndex(eco, list)
		if err != nil {
			return res, err
		}
		path := indexPath(dir, eco)
		if err := writeAtomic(path, data); err != nil {
			return res, fmt.Errorf("write %s: %w", path, err)
		}
		res.Records[eco] = len(list)
	}
	err := writeMeta(dir, func(m *Meta) {
		for _, eco := range ecos {
			m.Ecosystems[eco] = &EcosystemState{
				Records: res.Records[eco], Withdrawn: res.Withdrawn[eco],
				Updated: opts.Now.UTC(), Source: opts.Source,
				ETag: opts.ETag, LastModified: opts.LastModified,
			}
		}
	})
	if err != nil {
		return res, fmt.Errorf("write %s: %w", filepath.Join(dir, metaFile), err)
	}
	return res, nil
}

// recordEcosystems returns the distinct ecosystems (without release
// suffix) of a record's affected packages.
func recordEcosystems(r *osv.Record) []string {
	var out []string
	for _, a := range r.Affected {
		eco := osv.Ecosystem(a.Package.Ecosystem)
		if eco != "" && !contains(out, eco) {
			out = append(out, eco)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
