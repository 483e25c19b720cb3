package code

import (
	"archive/zip"
	"fmt"
	"io"
	"path"
	"strings"
)

// maxArchiveFiles bounds the source files read from one deployment package.
const maxArchiveFiles = 5000

// analyzeZip audits the source files inside a deployment package (a zip
// file as referenced by a template's CodeUri or Terraform's filename).
// Issues name files as "package.zip!member". With a handler, only its
// module is analysed; Go packages hold binaries and yield nothing.
func analyzeZip(zipPath, handler, runtime string) ([]Issue, []error) {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return nil, []error{fmt.Errorf("analyze %s: %w", zipPath, err)}
	}
	defer zr.Close()
	file, fn, hasHandler := splitHandler(handler)
	if strings.HasPrefix(runtime, "python") {
		file = strings.ReplaceAll(file, ".", "/")
	}
	var issues []Issue
	var errs []error
	n := 0
	for _, f := range zr.File {
		name := f.Name
		lang := sourceExts[path.Ext(name)]
		if lang == "" || lang == "go" || f.FileInfo().IsDir() || skipFile(path.Base(name)) || inSkippedDir(name) {
			continue
		}
		entry := ""
		if hasHandler {
			if strings.TrimSuffix(name, path.Ext(name)) != file {
				continue
			}
			entry = fn
		}
		if n++; n > maxArchiveFiles || f.UncompressedSize64 > maxFileSize {
			continue
		}
		src, err := readZipFile(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("analyze %s!%s: %w", zipPath, name, err))
			continue
		}
		is, err := AnalyzeFile(path.Base(zipPath)+"!"+name, src, entry)
		issues = append(issues, is...)
		if err != nil {
			errs = append(errs, fmt.Errorf("analyze %s!%s: %w", zipPath, name, err))
		}
	}
	return sortIssues(issues), errs
}

// inSkippedDir reports whether an archive member lies under a dependency
// or test folder.
func inSkippedDir(name string) bool {
	parts := strings.Split(name, "/")
	for _, p := range parts[:len(parts)-1] {
		if skipDir(p) {
			return true
		}
	}
	return false
}

// readZipFile reads a member, refusing one that inflates beyond the limit
// whatever its header claims.
func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", maxFileSize)
	}
	return b, nil
}
