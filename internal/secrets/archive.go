package secrets

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits on archives: deployment packages are at most 250 MB unzipped, and a
// zip bomb must not exhaust memory.
const (
	maxArchiveDepth   = 2
	maxArchiveMembers = 50000
	maxArchiveTotal   = 512 << 20
	maxMemberSize     = 64 << 20 // nested archives may be this large; text is bounded by maxTextSize
)

var errArchiveLimit = errors.New("archive exceeds size limits")

// isZip recognises a zip archive by its signature, not its name: layers and
// bundles are often named without an extension.
func isZip(b []byte) bool {
	return bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06"))
}

// scanZip scans every member of a zip archive; members are reported as
// "archive!member". Nested archives are opened up to maxArchiveDepth.
func (s *Scanner) scanZip(path string, content []byte, depth int) ([]found, error) {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	if len(zr.File) > maxArchiveMembers {
		return nil, fmt.Errorf("open archive %s: %d members: %w", path, len(zr.File), errArchiveLimit)
	}
	var out []found
	var errs []error
	var total int64
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		member := path + "!" + f.Name
		b, err := readMember(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", member, err))
			continue
		}
		total += int64(len(b))
		if total > maxArchiveTotal {
			errs = append(errs, fmt.Errorf("read %s: %w", path, errArchiveLimit))
			break
		}
		if isZip(b) {
			if depth+1 >= maxArchiveDepth {
				continue
			}
			nested, err := s.scanZip(member, b, depth+1)
			out = append(out, nested...)
			if err != nil {
				errs = append(errs, err)
			}
			continue
		}
		out = append(out, s.scanText(member, b)...)
	}
	return out, errors.Join(errs...)
}

// readMember reads one member, refusing members that inflate beyond the limit
// whatever their header claims.
func readMember(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxMemberSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxMemberSize {
		return nil, errArchiveLimit
	}
	return b, nil
}
