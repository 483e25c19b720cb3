package logs

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The output of `aws cloudwatch get-metric-data` is also read, for users
// without a metric stream. Its results name neither the function nor the
// metric, so the queries must say them in their labels: each result's
// Label is "FUNCTION METRIC", which the dynamic label
//
//	${PROP('Dim.FunctionName')} ${PROP('MetricName')}
//
// writes for a MetricStat query with the FunctionName dimension alone.
// Sum is the statistic for Throttles, Invocations and Errors, Average for
// Duration and Maximum for ConcurrentExecutions; any period works, the
// values are summed per hour. Function names hold no spaces, so the label
// splits without ambiguity.

// metricDataMarker tells get-metric-data output from a metric stream.
var metricDataMarker = []byte(`"MetricDataResults"`)

// isMetricData says whether a file's first bytes are get-metric-data
// output rather than metric stream lines.
func isMetricData(head []byte) bool {
	return bytes.Contains(head, metricDataMarker) && !bytes.Contains(head, []byte(`"metric_stream_name"`))
}

type metricDataOutput struct {
	MetricDataResults []struct {
		ID         string    `json:"Id"`
		Label      string    `json:"Label"`
		Timestamps []string  `json:"Timestamps"`
		Values     []float64 `json:"Values"`
	} `json:"MetricDataResults"`
}

// lambdaMetrics are the metrics a label may name.
var lambdaMetrics = map[string]bool{
	"Throttles": true, "Invocations": true, "Errors": true, "Duration": true, "ConcurrentExecutions": true,
}

// readMetricData reads one get-metric-data output (the AWS CLI merges its
// pages into one document). Unlike the other inputs it is decoded whole:
// it holds a few numbers per period and query, megabytes at most. A document that does not decode, and results
// whose label or timestamps do not fit, are counted as malformed; the
// others are read.
func readMetricData(br *bufio.Reader, name string, fn func(*MetricRecord)) (MetricStats, error) {
	var st MetricStats
	var out metricDataOutput
	if err := json.NewDecoder(br).Decode(&out); err != nil {
		st.malformed(name, 1, "get-metric-data output: "+err.Error())
		return st, nil
	}
	var rec MetricRecord
	for i, r := range out.MetricDataResults {
		function, metric, ok := strings.Cut(strings.TrimSpace(r.Label), " ")
		if !ok || function == "" || !lambdaMetrics[metric] {
			st.malformed(name, 0, fmt.Sprintf("result %d (Id %q): label %q is not \"FUNCTION METRIC\" for a Lambda metric",
				i+1, r.ID, r.Label))
			continue
		}
		if len(r.Timestamps) != len(r.Values) {
			st.malformed(name, 0, fmt.Sprintf("result %d (Id %q): %d timestamps for %d values",
				i+1, r.ID, len(r.Timestamps), len(r.Values)))
			continue
		}
		for k, ts := range r.Timestamps {
			at, err := time.Parse(time.RFC3339, ts)
			if err != nil {
				st.malformed(name, 0, fmt.Sprintf("result %d (Id %q): timestamp %q", i+1, r.ID, ts))
				break
			}
			v := r.Values[k]
			// One value per period: Count 1 makes the hour's Duration the
			// mean of its periods' averages.
			rec = MetricRecord{Function: function, Metric: metric, Timestamp: at.UnixMilli(), Sum: v, Max: v, Count: 1}
			st.Records++
			fn(&rec)
		}
	}
	return st, nil
}
