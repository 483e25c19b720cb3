// Package vulndb is slsguard's local vulnerability database: OSV records
// imported from files or downloaded from the public OSV exports, kept as
// one index file per ecosystem for lookup by normalised package name.
package vulndb

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/slsguard/slsguard/internal/deps/osv"
)

// ErrNoDB is returned when the directory holds no database yet.
var ErrNoDB = errors.New("no vulnerability database (run `slsguard db update` or `slsguard db import`)")

const metaFile = "meta.json"

// Meta describes the database: one entry per ecosystem.
type Meta struct {
	Format     int                        `json:"format"`
	Ecosystems map[string]*EcosystemState `json:"ecosystems"`
}

// EcosystemState is what the database knows about one ecosystem's data.
type EcosystemState struct {
	Records   int       `json:"records"`
	Withdrawn int       `json:"withdrawn_skipped,omitempty"`
	Updated   time.Time `json:"updated"`
	Source    string    `json:"source"`
	// ETag and LastModified are the validators of the last download, sent
	// back as If-None-Match / If-Modified-Since.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

const formatVersion = 1

// DefaultDir returns the database directory under the user cache dir.
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locate cache dir: %w", err)
	}
	return filepath.Join(d, "slsguard", "osv"), nil
}

// DB is an opened database. Ecosystem indexes are read on first use and
// kept; a DB is safe for concurrent use.
type DB struct {
	dir  string
	meta Meta

	mu      sync.Mutex
	indexes map[string]*Index
}

// Open opens the database in dir. It returns an error wrapping ErrNoDB when
// dir has no database.
func Open(dir string) (*DB, error) {
	meta, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	return &DB{dir: dir, meta: meta, indexes: map[string]*Index{}}, nil
}

func readMeta(dir string) (Meta, error) {
	data, err := os.ReadFile(filepath.Join(dir, metaFile))
	if errors.Is(err, fs.ErrNotExist) {
		return Meta{}, fmt.Errorf("open %s: %w", dir, ErrNoDB)
	}
	if err != nil {
		return Meta{}, fmt.Errorf("open %s: %w", dir, err)
	}
	var m Meta
	if err := json.Unmarshal(data, &m); err != nil {
		return Meta{}, fmt.Errorf("open %s: %s: %w", dir, metaFile, err)
	}
	if m.Format != formatVersion {
		return Meta{}, fmt.Errorf("open %s: database format %d, this slsguard reads %d: run `slsguard db update` or `db import` again", dir, m.Format, formatVersion)
	}
	return m, nil
}

// Dir returns the database directory.
func (db *DB) Dir() string { return db.dir }

// Meta returns the database's description.
func (db *DB) Meta() Meta { return db.meta }

// Ecosystems returns the ecosystems the database holds, sorted.
func (db *DB) Ecosystems() []string {
	var out []string
	for e := range db.meta.Ecosystems {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the database holds the ecosystem.
func (db *DB) Has(ecosystem string) bool {
	_, ok := db.meta.Ecosystems[ecosystem]
	return ok
}

// Lookup returns the records affecting the package (name in any spelling;
// it is normalised here). An ecosystem the database does not hold gives no
// records and no error.
func (db *DB) Lookup(ecosystem, name string) ([]*osv.Record, error) {
	ix, err := db.index(ecosystem)
	if err != nil || ix == nil {
		return nil, err
	}
	recs, err := ix.Lookup(osv.NormalizeName(ecosystem, name))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", indexPath(db.dir, ecosystem), err)
	}
	return recs, nil
}

func (db *DB) index(ecosystem string) (*Index, error) {
	if !db.Has(ecosystem) {
		return nil, nil
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if ix, ok := db.indexes[ecosystem]; ok {
		return ix, nil
	}
	path := indexPath(db.dir, ecosystem)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	ix, err := DecodeIndex(ecosystem, data)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	db.indexes[ecosystem] = ix
	return ix, nil
}

// indexPath names an ecosystem's index file; the ecosystem is escaped so
// that no name can leave the directory.
func indexPath(dir, ecosystem string) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, ecosystem)
	return filepath.Join(dir, "index", safe+".idx")
}

// writeAtomic writes data to path through a temporary file in the same
// directory and a rename, so that readers see the old or the new file,
// never half of one.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	// CreateTemp makes the file private; the database is as readable as
	// the cache directory it lives in.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp)
		return errors.Join(werr, cerr)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeMeta applies update to the metadata on disk and replaces it
// atomically. Two imports into one directory at the same time may lose one
// of their metadata updates (the index files themselves stay whole); the
// CLI runs one import at a time.
func writeMeta(dir string, update func(*Meta)) error {
	m, err := readMeta(dir)
	if errors.Is(err, ErrNoDB) {
		m, err = Meta{Format: formatVersion}, nil
	}
	if err != nil {
		return err
	}
	if m.Ecosystems == nil {
		m.Ecosystems = map[string]*EcosystemState{}
	}
	update(&m)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, metaFile), data)
}
