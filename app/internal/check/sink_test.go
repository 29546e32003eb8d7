package check

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

// TestSink: a run with a sink writes the same JSON and text as the kept
// report's WriteJSON and WriteText, keeps no per-file results, and counts
// the same summary; the JSON is the schema as before (summary before
// files, every file in path order).
func TestSink(t *testing.T) {
	names := []string{"innovation-i-0001.pdf", "innovation-i-0002.pdf", "Innovation-I-0003.pdf", "gone.docx"}
	for _, workers := range []int{1, 3} {
		opt := Options{Inspect: fake(sample()), AsOf: onTime, Workers: workers}
		kept, err := RunFiles(context.Background(), names, opt)
		if err != nil {
			t.Fatal(err)
		}
		var wantJSON, wantText, gotJSON, gotText bytes.Buffer
		if err := kept.WriteJSON(&wantJSON); err != nil {
			t.Fatal(err)
		}
		kept.WriteText(&wantText, true)

		for _, tt := range []struct {
			sink Sink
			got  *bytes.Buffer
			want *bytes.Buffer
		}{
			{NewJSONSink(&gotJSON), &gotJSON, &wantJSON},
			{NewTextSink(&gotText, true), &gotText, &wantText},
		} {
			opt.Sink = tt.sink
			streamed, err := RunFiles(context.Background(), names, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(streamed.Files) != 0 || !reflect.DeepEqual(streamed.Summary, kept.Summary) {
				t.Errorf("streamed report keeps %d files, summary %+v; want none and %+v", len(streamed.Files), streamed.Summary, kept.Summary)
			}
			var got, want map[string]any
			if tt.got == &gotJSON {
				if err := json.Unmarshal(gotJSON.Bytes(), &got); err != nil {
					t.Fatalf("streamed JSON: %v\n%s", err, gotJSON.String())
				}
				json.Unmarshal(wantJSON.Bytes(), &want)
				delete(got, "generated")
				delete(want, "generated")
				if !reflect.DeepEqual(got, want) {
					t.Errorf("streamed JSON differs:\n%s\nwant\n%s", gotJSON.String(), wantJSON.String())
				}
				if len(got["files"].([]any)) != len(names) || bytes.Index(gotJSON.Bytes(), []byte(`"summary"`)) > bytes.Index(gotJSON.Bytes(), []byte(`"files"`)) {
					t.Errorf("files or key order wrong:\n%s", gotJSON.String())
				}
			} else if tt.got.String() != tt.want.String() {
				t.Errorf("streamed text differs:\n%s\nwant\n%s", tt.got, tt.want)
			}
		}
		gotJSON.Reset()
		gotText.Reset()
	}
	// No files at all: still the schema, with an empty list.
	var b bytes.Buffer
	if _, err := RunFiles(context.Background(), nil, Options{Inspect: fake(sample()), Sink: NewJSONSink(&b)}); err != nil {
		t.Fatal(err)
	}
	var empty map[string]any
	if err := json.Unmarshal(b.Bytes(), &empty); err != nil || len(empty["files"].([]any)) != 0 {
		t.Errorf("empty run: %v %s", err, b.String())
	}
}
