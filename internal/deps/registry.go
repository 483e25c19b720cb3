package deps

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultNPMRegistry is the public npm registry.
const DefaultNPMRegistry = "https://registry.npmjs.org"

// maxMetadata bounds one version document: a version's metadata is a few
// KB; a server that sends more is not the registry.
const maxMetadata = 4 << 20

// Registry asks the npm registry whether package versions are deprecated.
// Answers are kept in a small on-disk cache so that repeated scans ask
// again only after CacheTTL. It is safe for concurrent use.
type Registry struct {
	// BaseURL is the registry (DefaultNPMRegistry when empty);
	// <base>/<name>/<version> is a version's metadata.
	BaseURL string
	Client  *http.Client
	// Timeout bounds each request (10 s when zero).
	Timeout time.Duration
	// Concurrency bounds the requests in flight (8 when zero).
	Concurrency int
	// CacheDir holds the cached answers; "" disables the cache.
	CacheDir string
	// CacheTTL is how long a cached answer is used (24 h when zero):
	// authors deprecate old versions after the fact.
	CacheTTL time.Duration
	// Now is the clock for the cache.
	Now func() time.Time
}

// DefaultRegistryCacheDir returns the cache directory under the user
// cache dir.
func DefaultRegistryCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locate cache dir: %w", err)
	}
	return filepath.Join(d, "slsguard", "npm"), nil
}

// cacheEntry is one cached answer.
type cacheEntry struct {
	Deprecated string    `json:"deprecated"`
	Fetched    time.Time `json:"fetched"`
}

// Deprecated returns the deprecations among the pinned npm packages, one
// per name and version (at the first package's location), sorted by name
// and version. Packages the registry could not answer for are listed in
// unanswered ("name@version", sorted) and named in the error; the others
// are still returned.
func (r *Registry) Deprecated(ctx context.Context, pkgs []Package) (deprecated []Deprecation, unanswered []string, err error) {
	var todo []Package
	seen := map[string]bool{}
	for _, p := range pkgs {
		key := p.Name + "@" + p.Version
		if p.Ecosystem != "npm" || p.Unpinned() || seen[key] {
			continue
		}
		seen[key] = true
		todo = append(todo, p)
	}
	msgs := make([]string, len(todo))
	errs := make([]error, len(todo))
	n := r.Concurrency
	if n <= 0 {
		n = 8
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, p := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			msgs[i], errs[i] = r.lookup(ctx, p.Name, p.Version)
		}()
	}
	wg.Wait()
	for i, p := range todo {
		switch {
		case errs[i] != nil:
			unanswered = append(unanswered, p.Name+"@"+p.Version)
		case msgs[i] != "":
			deprecated = append(deprecated, Deprecation{Package: p, Message: msgs[i]})
		}
	}
	sort.SliceStable(deprecated, func(i, j int) bool {
		a, b := deprecated[i].Package, deprecated[j].Package
		return a.Name < b.Name || a.Name == b.Name && a.Version < b.Version
	})
	sort.Strings(unanswered)
	return deprecated, unanswered, errors.Join(errs...)
}

// lookup returns a version's deprecation message ("" when it is not
// deprecated), from the cache or the registry.
func (r *Registry) lookup(ctx context.Context, name, version string) (string, error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	cached := r.cachePath(name, version)
	if e, ok := r.readCache(cached, now()); ok {
		return e.Deprecated, nil
	}
	msg, err := r.fetch(ctx, name, version)
	if err != nil {
		return "", err
	}
	if cached != "" {
		// A cache that cannot be written only costs a request next time.
		data, _ := json.Marshal(cacheEntry{Deprecated: msg, Fetched: now().UTC()})
		if os.MkdirAll(filepath.Dir(cached), 0o755) == nil {
			_ = writeFileAtomic(cached, data)
		}
	}
	return msg, nil
}

func (r *Registry) fetch(ctx context.Context, name, version string) (string, error) {
	base := strings.TrimSuffix(r.BaseURL, "/")
	if base == "" {
		base = DefaultNPMRegistry
	}
	// Scoped names keep their @ and escape the slash, as npm does.
	u := base + "/" + strings.Replace(url.PathEscape(name), "%40", "@", 1) + "/" + url.PathEscape(version)
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", fmt.Errorf("npm registry %s@%s: %w", name, version, err)
	}
	req.Header.Set("Accept", "application/json")
	client := r.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("npm registry %s@%s: %w", name, version, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("npm registry %s@%s: GET %s: %s", name, version, u, resp.Status)
	}
	var doc struct {
		Deprecated json.RawMessage `json:"deprecated"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxMetadata)).Decode(&doc); err != nil {
		return "", fmt.Errorf("npm registry %s@%s: %w", name, version, err)
	}
	return deprecationMessage(doc.Deprecated), nil
}

// deprecationMessage reads npm's "deprecated" field: a message, or (in old
// documents) true or false.
func deprecationMessage(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil && b {
		return "deprecated"
	}
	return ""
}

// cachePath names a version's cache file by a hash, so that no package
// name can leave the directory.
func (r *Registry) cachePath(name, version string) string {
	if r.CacheDir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(name + "@" + version))
	h := hex.EncodeToString(sum[:])
	return filepath.Join(r.CacheDir, h[:2], h+".json")
}

func (r *Registry) readCache(path string, now time.Time) (cacheEntry, bool) {
	if path == "" {
		return cacheEntry{}, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return cacheEntry{}, false
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil {
		return cacheEntry{}, false
	}
	ttl := r.CacheTTL
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	if now.Sub(e.Fetched) > ttl || e.Fetched.After(now) {
		return cacheEntry{}, false
	}
	return e, true
}

// writeFileAtomic writes through a temporary file and a rename, so that
// a concurrent scan never reads half an entry.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(f.Name())
		return errors.Join(werr, cerr)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
