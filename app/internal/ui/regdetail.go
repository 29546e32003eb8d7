package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"slices"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/register"
)

// historyLine is one register event as a person reads it:
// "2012-03-09 17:30  tsb  receive: file innovation-i-0003.docx, late no".
// Details stored as JSON become "key value" pairs.
func historyLine(e register.Event, zone func(register.Event) string) string {
	line := fmt.Sprintf("%s  %s  %s", zone(e), e.By(), e.Action)
	if d := strings.TrimSpace(e.Details); d != "" {
		line += ": " + readableDetails(d)
	}
	return line
}

// readableDetails turns a JSON object into "key value, key value"; other
// text is returned as it is.
func readableDetails(d string) string {
	var m map[string]any
	if !strings.HasPrefix(d, "{") || json.Unmarshal([]byte(d), &m) != nil {
		return d
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		v := m[k]
		var s string
		switch v := v.(type) {
		case nil:
			continue
		case string:
			if v == "" {
				continue
			}
			s = v
		case bool:
			s = map[bool]string{true: "yes", false: "no"}[v]
		case float64:
			s = fmt.Sprint(v)
		default:
			b, _ := json.Marshal(v)
			s = string(b)
		}
		parts = append(parts, strings.ReplaceAll(k, "_", " ")+" "+s)
	}
	return strings.Join(parts, ", ")
}

// release gives back a number that was allocated but never used.
func (s *registerScreen) release(d register.Document, reason string) {
	if err := s.reg.Release(context.Background(), d.Series, d.Number, reason); err != nil {
		s.h.showError(err)
		return
	}
	s.reload()
	s.message.SetText(fmt.Sprintf(lang.L("Released %s (the number is free again)"), d.Name))
}
