package runtimes

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed runtimes.yaml
var tableYAML []byte

// table is the decoded runtimes.yaml.
type table struct {
	byKey      map[string]Runtime
	byProvider map[Provider][]Runtime
	sources    map[Provider]string
}

var (
	loadOnce sync.Once
	loaded   *table
)

// get decodes the embedded table on first use. The file is part of the build
// and a test decodes it, so a failure here means a broken build, not bad user
// input.
func get() *table {
	loadOnce.Do(func() {
		t, err := parse(tableYAML)
		if err != nil {
			panic(fmt.Sprintf("runtimes: embedded runtimes.yaml: %v", err))
		}
		loaded = t
	})
	return loaded
}

// Source returns the URL of the page the provider's dates come from.
func Source(p Provider) string {
	return get().sources[p]
}

type fileFormat struct {
	Sources []struct {
		Provider Provider `yaml:"provider"`
		URL      string   `yaml:"url"`
		Note     string   `yaml:"note"`
	} `yaml:"sources"`
	Runtimes []entry `yaml:"runtimes"`
}

type entry struct {
	Provider    Provider `yaml:"provider"`
	ID          string   `yaml:"id"`
	Language    string   `yaml:"language"`
	Version     string   `yaml:"version"`
	Deprecated  string   `yaml:"deprecated"`
	BlockCreate string   `yaml:"block_create"`
	BlockUpdate string   `yaml:"block_update"`
	Note        string   `yaml:"note"`
	Generic     bool     `yaml:"generic"`
}

// parse decodes and checks a runtimes table; unknown fields are errors so
// that a misspelt date field cannot silently drop a date.
func parse(data []byte) (*table, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f fileFormat
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("empty table")
		}
		return nil, fmt.Errorf("decode: %w", err)
	}
	t := &table{
		byKey:      make(map[string]Runtime, len(f.Runtimes)),
		byProvider: map[Provider][]Runtime{},
		sources:    map[Provider]string{},
	}
	for _, s := range f.Sources {
		if !knownProvider(s.Provider) || s.URL == "" {
			return nil, fmt.Errorf("source %q: needs a known provider and a url", s.Provider)
		}
		t.sources[s.Provider] = s.URL
	}
	for i, e := range f.Runtimes {
		r, err := e.runtime()
		if err != nil {
			return nil, fmt.Errorf("runtime %d (%q): %w", i, e.ID, err)
		}
		if t.sources[r.Provider] == "" {
			return nil, fmt.Errorf("runtime %q: no source for provider %q", r.ID, r.Provider)
		}
		k := key(r.Provider, r.ID)
		if _, dup := t.byKey[k]; dup {
			return nil, fmt.Errorf("runtime %q of %s listed twice", r.ID, r.Provider)
		}
		t.byKey[k] = r
		t.byProvider[r.Provider] = append(t.byProvider[r.Provider], r)
	}
	if len(t.byKey) == 0 {
		return nil, fmt.Errorf("no runtimes")
	}
	for _, rs := range t.byProvider {
		sortByID(rs)
	}
	return t, nil
}

func (e entry) runtime() (Runtime, error) {
	if !knownProvider(e.Provider) {
		return Runtime{}, fmt.Errorf("unknown provider %q", e.Provider)
	}
	id := e.ID
	if e.Provider == Azure {
		id = strings.ToLower(id)
	}
	if id == "" || strings.TrimSpace(id) != id {
		return Runtime{}, fmt.Errorf("id must be non-empty without surrounding spaces")
	}
	if e.Language == "" {
		return Runtime{}, fmt.Errorf("no language")
	}
	r := Runtime{Provider: e.Provider, ID: id, Language: e.Language, Version: e.Version, Note: e.Note, Generic: e.Generic}
	var err error
	if r.Deprecated, err = parseDate("deprecated", e.Deprecated); err != nil {
		return Runtime{}, err
	}
	if r.BlockCreate, err = parseDate("block_create", e.BlockCreate); err != nil {
		return Runtime{}, err
	}
	if r.BlockUpdate, err = parseDate("block_update", e.BlockUpdate); err != nil {
		return Runtime{}, err
	}
	return r, nil
}

func parseDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", field, err)
	}
	return d, nil
}

func knownProvider(p Provider) bool {
	return p == AWS || p == GCP || p == Azure
}
