package deps

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStrictGreaterRequirements checks that requirements with a strict ">",
// which the osv-scalibr extractor drops, are reported unpinned with their
// line, and that nothing is reported twice.
func TestStrictGreaterRequirements(t *testing.T) {
	tests := []struct {
		name, reqs string
		want       []string
	}{
		{"range with strict greater", "boto3==1.35.36\nPillow>=10.0\nnumpy>1.26,<2.1\n", []string{
			"PyPI boto3 1.35.36 requirements.txt:1",
			"PyPI Pillow unpinned(Pillow>=10.0) requirements.txt:2",
			"PyPI numpy unpinned(numpy>1.26,<2.1) requirements.txt:3",
		}},
		{"strict greater alone, spaces, extras, marker, comment", "requests[socks] > 2.0 ; python_version > '3.8'  # http\n", []string{
			"PyPI requests unpinned(requests[socks] > 2.0 ; python_version > '3.8') requirements.txt:1",
		}},
		{"continuation line", "# pinned below\nurllib3>1.0,\\\n  <3\n", []string{
			"PyPI urllib3 unpinned(urllib3>1.0,  <3) requirements.txt:2",
		}},
		{"kept by the extractor", "flask<3,>2\nrich>=13,>13.1\n", []string{
			"PyPI flask unpinned(flask<3,>2) requirements.txt:1",
			"PyPI rich unpinned(rich>=13,>13.1) requirements.txt:2",
		}},
		{"options, variables and invalid names", "-c constraints.txt\n--index-url https://x\n${PKG}>1\n>1.0\nzip>1 --hash=sha256:abc\n", []string{
			"PyPI zip unpinned(zip>1) requirements.txt:5",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := collectOne(t, map[string]string{"requirements.txt": tt.reqs})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}
