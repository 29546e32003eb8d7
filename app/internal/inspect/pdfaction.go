package inspect

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfActions lists the action dictionaries and embedded files of a parsed
// PDF (ISO 32000-1 §12.6 actions, §7.11 file specifications). An action
// is a dictionary with /S naming its type; it runs by itself when it is
// the document's /OpenAction or an entry of an /AA (additional actions)
// dictionary, or is chained from one by /Next. An /OpenAction that is an
// array is a destination (the page to open at), not an action.
func pdfActions(ctx context.Context, x *model.XRefTable) ([]PDFAction, []Indicator) {
	var nums []int
	for n, e := range x.Table {
		if e != nil && !e.Free && e.Object != nil {
			nums = append(nums, n)
		}
	}
	sort.Ints(nums)
	w := &actionWalker{ctx: ctx, triggerOf: map[int]string{}}
	for _, n := range nums {
		if ctx.Err() != nil {
			break
		}
		w.walk(x.Table[n].Object, n, "", 0)
	}
	// Actions in an object of their own get the trigger of the reference.
	for i := range w.actions {
		if a := &w.actions[i]; a.Trigger == "" && a.top {
			a.Trigger = w.triggerOf[a.Obj]
		}
	}
	out := make([]PDFAction, 0, len(w.actions))
	for _, a := range w.actions {
		out = append(out, a.PDFAction)
	}
	return out, w.files
}

type walkedAction struct {
	PDFAction
	top bool // the dictionary is the object itself, not inside it
}

type actionWalker struct {
	ctx       context.Context
	actions   []walkedAction
	files     []Indicator
	triggerOf map[int]string // object number -> trigger that references it
}

func (w *actionWalker) walk(o types.Object, obj int, trigger string, depth int) {
	if depth > 32 || len(w.actions) >= maxList {
		return
	}
	switch v := o.(type) {
	case types.Dict:
		w.dict(v, obj, trigger, depth)
	case types.StreamDict:
		w.dict(v.Dict, obj, trigger, depth)
	case types.ObjectStreamDict:
		w.dict(v.Dict, obj, trigger, depth)
	case types.Array:
		for _, e := range v {
			w.walk(e, obj, "", depth+1)
		}
	case types.IndirectRef:
		if trigger != "" {
			if _, ok := w.triggerOf[v.ObjectNumber.Value()]; !ok {
				w.triggerOf[v.ObjectNumber.Value()] = trigger
			}
		}
	case types.LazyObjectStreamObject:
		if d, err := v.DecodedObject(w.ctx); err == nil {
			w.walk(d, obj, trigger, depth+1)
		}
	case *types.LazyObjectStreamObject:
		if d, err := v.DecodedObject(w.ctx); err == nil {
			w.walk(d, obj, trigger, depth+1)
		}
	}
}

func (w *actionWalker) dict(d types.Dict, obj int, trigger string, depth int) {
	if s, ok := d["S"].(types.Name); ok && isActionType(string(s)) {
		w.actions = append(w.actions, walkedAction{
			PDFAction: PDFAction{Type: string(s), Obj: obj, Trigger: trigger, Target: actionTarget(string(s), d)},
			top:       depth == 0,
		})
	}
	if _, ok := d["EF"]; ok && len(w.files) < maxList {
		name := fileSpecName(d)
		if name == "" {
			name = "(no name)"
		}
		w.files = append(w.files, Indicator{Where: fmt.Sprintf("obj %d", obj), Detail: name})
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := d[k]
		switch k {
		case "OpenAction":
			if _, isArray := v.(types.Array); isArray {
				continue // a destination
			}
			w.walk(v, obj, "OpenAction", depth+1)
		case "AA":
			if aa, ok := v.(types.Dict); ok {
				for ev, a := range aa {
					w.walk(a, obj, "AA/"+ev, depth+2)
				}
				continue
			}
			w.walk(v, obj, "AA", depth+1)
		case "Next":
			w.walk(v, obj, trigger, depth+1)
		default:
			w.walk(v, obj, "", depth+1)
		}
	}
}

// isActionType reports whether a /S value names an action type (ISO
// 32000-1 table 198); /S is also used by other dictionaries (transitions,
// structure elements) with other values.
func isActionType(s string) bool {
	switch s {
	case "GoTo", "GoToR", "GoToE", "Launch", "Thread", "URI", "Sound", "Movie", "Hide", "Named",
		"SubmitForm", "ResetForm", "ImportData", "JavaScript", "SetOCGState", "Rendition", "Trans", "GoTo3DView", "RichMediaExecute":
		return true
	}
	return false
}

// actionTarget is the address an action sends to or fetches from.
func actionTarget(typ string, d types.Dict) string {
	switch typ {
	case "URI":
		return pdfString(d["URI"])
	case "JavaScript":
		return clipString(pdfString(d["JS"]), 80)
	case "Launch":
		if win, ok := d["Win"].(types.Dict); ok {
			if f := pdfString(win["F"]); f != "" {
				return f
			}
		}
		fallthrough
	case "GoToR", "GoToE", "SubmitForm", "ImportData":
		if fs, ok := d["F"].(types.Dict); ok {
			return fileSpecName(fs)
		}
		return pdfString(d["F"])
	}
	return ""
}

func fileSpecName(d types.Dict) string {
	for _, k := range []string{"UF", "F", "DOS", "Unix", "Mac"} {
		if s := pdfString(d[k]); s != "" {
			return s
		}
	}
	return ""
}

// pdfString decodes a string object (literal or hex, PDFDocEncoding or
// UTF-16), or returns "" for anything else.
func pdfString(o types.Object) string {
	var s string
	var err error
	switch v := o.(type) {
	case types.StringLiteral:
		s, err = types.StringLiteralToString(v)
	case types.HexLiteral:
		s, err = types.HexLiteralToString(v)
	default:
		return ""
	}
	if err != nil {
		return ""
	}
	return clipString(strings.ToValidUTF8(strings.TrimSpace(s), ""), 512)
}

func clipString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
