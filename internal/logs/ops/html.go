package ops

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

// page is the per-function summary: self-contained (inline CSS and SVG,
// no script, nothing loaded from the network) so that it opens anywhere,
// and every value goes through html/template's escaping because function
// names and log content come from outside.
var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>slsguard: Lambda functions</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child{text-align:left}
section{margin-top:2em}svg{background:#fafafa;border:1px solid #eee;margin-right:1em}
.chart{display:inline-block}.chart p{margin:.2em 0;font-size:.85em;color:#555}
</style></head><body>
<h1>Lambda functions</h1>
<p>{{.Window}}</p>
<table><tr><th>function</th><th>invocations</th><th>errors</th><th>timeouts</th><th>p50</th><th>p99</th><th>max</th><th>max memory</th></tr>
{{range .Rows}}<tr><td><a href="#{{.Anchor}}">{{.Name}}</a></td><td>{{.Invocations}}</td><td>{{.Errors}}</td><td>{{.Timeouts}}</td><td>{{.P50}}</td><td>{{.P99}}</td><td>{{.Max}}</td><td>{{.Memory}}</td></tr>
{{end}}</table>
{{range .Rows}}<section id="{{.Anchor}}"><h2>{{.Name}}</h2>
{{range .Charts}}<div class="chart"><p>{{.Title}} (max {{.Peak}})</p>
<svg xmlns="http://www.w3.org/2000/svg" width="{{.W}}" height="{{.H}}" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.Title}}">
<polyline fill="none" stroke="{{.Color}}" stroke-width="1.5" points="{{.Points}}"/></svg>
<p>{{.From}} to {{.To}} UTC</p></div>
{{else}}<p>No timestamped invocations: no chart.</p>{{end}}
</section>
{{end}}</body></html>
`))

type pageData struct {
	Window string
	Rows   []row
}

type row struct {
	Name, Anchor                  string
	Invocations, Errors, Timeouts string
	P50, P99, Max, Memory         string
	Charts                        []chart
}

type chart struct {
	Title, Color, Points, Peak string
	From, To                   string
	W, H                       int
}

const (
	chartW, chartH = 320, 100
	maxPoints      = 160
)

// WriteHTML writes the per-function summary page.
func WriteHTML(w io.Writer, s *Stats) error {
	d := pageData{Window: "No timestamped events."}
	if s.Last >= s.First && s.Last > 0 {
		d.Window = fmt.Sprintf("Logs from %s to %s.", time.UnixMilli(s.First).UTC().Format(time.RFC3339),
			time.UnixMilli(s.Last).UTC().Format(time.RFC3339))
	}
	for i, name := range s.Names() {
		f := s.Functions[name]
		r := row{
			Name: name, Anchor: fmt.Sprintf("f%d", i),
			Invocations: thousands(f.Invocations), Errors: thousands(f.Errors), Timeouts: thousands(f.Timeouts),
			P50: "-", P99: "-", Max: "-", Memory: "-",
		}
		if !f.Durations.IsEmpty() {
			r.P50, r.P99 = seconds(min(f.Quantile(0.5), f.MaxDurationMs)), seconds(min(f.Quantile(0.99), f.MaxDurationMs))
			r.Max = seconds(f.MaxDurationMs)
		}
		if f.MaxMemoryMB > 0 {
			r.Memory = fmt.Sprintf("%d / %d MB", f.MaxMemoryMB, f.MemoryMB)
		}
		r.Charts = charts(f)
		d.Rows = append(d.Rows, r)
	}
	return page.Execute(w, d)
}

// charts draws invocations, errors and mean duration per time bin over the
// function's hours, at most maxPoints bins.
func charts(f *Function) []chart {
	if len(f.Hours) == 0 {
		return nil
	}
	first, last := int64(1<<62), int64(-1<<62)
	for h := range f.Hours {
		first, last = min(first, h), max(last, h)
	}
	hours := int(last - first + 1)
	per := (hours + maxPoints - 1) / maxPoints
	n := (hours + per - 1) / per
	inv, errs, dsum := make([]float64, n), make([]float64, n), make([]float64, n)
	for h, x := range f.Hours {
		i := int(h-first) / per
		inv[i] += float64(x.Invocations)
		errs[i] += float64(x.Errors)
		dsum[i] += x.DurationSumMs
	}
	dur := make([]float64, n)
	for i := range dur {
		if inv[i] > 0 {
			dur[i] = dsum[i] / inv[i]
		}
	}
	bin := fmt.Sprintf("%d h", per)
	out := []chart{
		line("invocations per "+bin, "#2563eb", inv, thousands),
		line("errors per "+bin, "#dc2626", errs, thousands),
		line("mean duration per "+bin, "#059669", dur, func(v int) string { return seconds(float64(v)) }),
	}
	from := time.Unix(first*3600, 0).UTC().Format("2006-01-02 15:04")
	to := time.Unix((last+1)*3600, 0).UTC().Format("2006-01-02 15:04")
	for i := range out {
		out[i].From, out[i].To = from, to
	}
	return out
}

func line(title, color string, ys []float64, label func(int) string) chart {
	peak := 0.0
	for _, y := range ys {
		peak = max(peak, y)
	}
	var b strings.Builder
	for i, y := range ys {
		x := 0.0
		if len(ys) > 1 {
			x = float64(i) * float64(chartW-4) / float64(len(ys)-1)
		}
		h := 0.0
		if peak > 0 {
			h = y / peak * float64(chartH-8)
		}
		fmt.Fprintf(&b, "%.1f,%.1f ", x+2, float64(chartH-4)-h)
	}
	return chart{Title: title, Color: color, Points: strings.TrimSpace(b.String()), Peak: label(int(peak)), W: chartW, H: chartH}
}
