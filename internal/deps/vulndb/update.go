package vulndb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"
)

// DefaultBaseURL is the public OSV bucket; <base>/<ecosystem>/all.zip is
// the export of one ecosystem.
const DefaultBaseURL = "https://osv-vulnerabilities.storage.googleapis.com"

// maxDownload bounds one all.zip (the largest ecosystems are a few hundred
// MB).
const maxDownload = 2 << 30

// UpdateOptions tune an update.
type UpdateOptions struct {
	BaseURL string
	Client  *http.Client
	Now     time.Time
}

// UpdateResult is the outcome for one ecosystem.
type UpdateResult struct {
	Ecosystem string
	// NotModified is set when the server answered 304 to the conditional
	// request: the local data is current.
	NotModified bool
	Records     int
	Problems    []error
}

// Update downloads the all.zip export of each ecosystem into dir, sending
// the validators of the previous download so that an unchanged export is
// not downloaded again, and replaces each ecosystem's index atomically. It
// stops at the first ecosystem that fails; the ones before it are updated.
func Update(ctx context.Context, dir string, ecosystems []string, opts UpdateOptions) ([]UpdateResult, error) {
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	if opts.Client == nil {
		opts.Client = http.DefaultClient
	}
	meta, err := readMeta(dir)
	if err != nil && !errors.Is(err, ErrNoDB) {
		return nil, err
	}
	var out []UpdateResult
	for _, eco := range ecosystems {
		var prev *EcosystemState
		if meta.Ecosystems != nil {
			prev = meta.Ecosystems[eco]
		}
		r, err := updateOne(ctx, dir, eco, prev, opts)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func updateOne(ctx context.Context, dir, eco string, prev *EcosystemState, opts UpdateOptions) (UpdateResult, error) {
	u := opts.BaseURL + "/" + url.PathEscape(eco) + "/all.zip"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return UpdateResult{}, fmt.Errorf("update %s: %w", eco, err)
	}
	if prev != nil && prev.Source == u {
		if prev.ETag != "" {
			req.Header.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.LastModified)
		}
	}
	resp, err := opts.Client.Do(req)
	if err != nil {
		return UpdateResult{}, fmt.Errorf("update %s: %w", eco, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified:
		if prev == nil {
			return UpdateResult{}, fmt.Errorf("update %s: GET %s: 304 Not Modified without a previous download", eco, u)
		}
		// The data is as current as the server has: its age starts now.
		err := writeMeta(dir, func(m *Meta) {
			if s := m.Ecosystems[eco]; s != nil {
				s.Updated = opts.Now.UTC()
			}
		})
		return UpdateResult{Ecosystem: eco, NotModified: true, Records: prev.Records}, err
	case http.StatusOK:
	default:
		return UpdateResult{}, fmt.Errorf("update %s: GET %s: %s", eco, u, resp.Status)
	}
	tmp, err := download(dir, resp.Body)
	if err != nil {
		return UpdateResult{}, fmt.Errorf("update %s: GET %s: %w", eco, u, err)
	}
	defer os.Remove(tmp)
	res, err := Import(dir, tmp, ImportOptions{
		Now: opts.Now, Only: []string{eco}, Source: u,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
	})
	if err != nil {
		return UpdateResult{}, fmt.Errorf("update %s: %w", eco, err)
	}
	return UpdateResult{Ecosystem: eco, Records: res.Records[eco], Problems: res.Problems}, nil
}

// download saves body to a temporary file in dir (the archive must be
// complete before anything is replaced).
func download(dir string, body io.Reader) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, ".download-*.zip")
	if err != nil {
		return "", err
	}
	n, err := io.Copy(f, io.LimitReader(body, maxDownload+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > maxDownload {
		err = fmt.Errorf("archive larger than %d bytes", maxDownload)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
