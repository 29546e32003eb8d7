package register

import (
	"html/template"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// htmlRow is one document as the HTML list shows it.
type htmlRow struct {
	Document
	Received     string // in the export's zone
	ReceivedSort string // ISO UTC, for sorting
	Link         string // the filed copy on the web, when accepted
}

var htmlTmpl = template.Must(template.New("list").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="FG Desk">
<title>{{.Title}}</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;font-size:13px;margin:1.5em;color:#111}
h1{font-size:18px;margin:0 0 .3em}
p.meta{color:#555;margin:0 0 1em}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#dde6f0;cursor:pointer;user-select:none;white-space:nowrap;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" \25B2"}
th[aria-sort=descending]::after{content:" \25BC"}
tbody tr:nth-child(even){background:#f6f8fa}
tr.late td{background:#ffd7dc}
td.num{white-space:nowrap;font-family:Consolas,monospace}
td.st-withdrawn,td.st-superseded,td.st-rejected{color:#888}
td.st-accepted{color:#0a6b2a}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="meta">{{len .Rows}} documents{{range .Counts}} · {{.N}} {{.Status}}{{end}}. Dates in {{.Zone}}. Generated {{.Generated}} by FG Desk. Click a column header to sort.</p>
<table id="docs">
<thead><tr><th>Number</th><th>Title</th><th>Source</th><th>Type</th><th>Purpose</th><th>Received</th><th>Status</th><th>Replaced by</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr{{if .Late}} class="late"{{end}}><td class="num" data-sort="{{printf "%012d" .Number}}">{{if .Link}}<a href="{{.Link}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</td><td>{{.Title}}</td><td>{{.Source}}</td><td>{{.Type}}</td><td>{{.Purpose}}</td><td data-sort="{{.ReceivedSort}}">{{.Received}}</td><td class="st-{{.StatusClass}}">{{.Status}}{{if .Revision}} (rev. {{.Revision}}){{end}}{{if .RejectReason}}: {{.RejectReason}}{{end}}</td><td>{{.ReplacedBy}}</td></tr>
{{- end}}
</tbody>
</table>
<script>
(function(){
var t=document.getElementById("docs"),hs=t.tHead.rows[0].cells;
for(var i=0;i<hs.length;i++)(function(i){hs[i].addEventListener("click",function(){
var asc=hs[i].getAttribute("aria-sort")!=="ascending",b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows);
function k(r){var c=r.cells[i];return c.hasAttribute("data-sort")?c.getAttribute("data-sort"):c.textContent.toLowerCase();}
rs.sort(function(x,y){var a=k(x),c=k(y);return (a<c?-1:a>c?1:0)*(asc?1:-1);});
for(var j=0;j<hs.length;j++)hs[j].removeAttribute("aria-sort");
hs[i].setAttribute("aria-sort",asc?"ascending":"descending");
rs.forEach(function(r){b.appendChild(r);});});})(i);
})();
</script>
</body>
</html>
`))

// StatusClass is the status as a CSS class name ("on-time").
func (r htmlRow) StatusClass() string { return strings.ReplaceAll(string(r.Status), " ", "-") }

// WriteHTML writes the list of documents as one static HTML page in the
// style of the 3GPP TDoc lists (number, title, source, type, purpose,
// received, status, replaced-by): inline CSS, a few lines of inline
// JavaScript to sort by clicking a header, no outside resources, so it
// works offline. Every value is HTML-escaped (html/template).
func WriteHTML(w io.Writer, docs []Document, opt ExportOptions) error {
	loc := opt.loc()
	gen := opt.Created
	if gen.IsZero() {
		gen = time.Now()
	}
	data := struct {
		Title     string
		Zone      string
		Generated string
		Rows      []htmlRow
		Counts    []struct {
			Status Status
			N      int
		}
	}{Title: opt.title(), Zone: loc.String(), Generated: gen.In(loc).Format("2006-01-02 15:04 MST")}
	count := map[Status]int{}
	for _, d := range docs {
		row := htmlRow{Document: d}
		if d.Received() {
			row.Received = d.ReceivedAt.In(loc).Format("2006-01-02 15:04")
			row.ReceivedSort = d.ReceivedAt.UTC().Format(timeLayout)
		}
		if d.Status == StatusAccepted && opt.LinkBase != "" && d.FiledAs != "" {
			row.Link = strings.TrimRight(opt.LinkBase, "/") + "/" + filepath.Base(d.FiledAs)
		}
		data.Rows = append(data.Rows, row)
		count[d.Status]++
	}
	for _, s := range Statuses {
		if count[s] > 0 {
			data.Counts = append(data.Counts, struct {
				Status Status
				N      int
			}{s, count[s]})
		}
	}
	return htmlTmpl.Execute(w, data)
}
