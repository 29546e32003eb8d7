package inspect

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// maxArchiveDepth is how deep archives inside archives are opened; the
// inflation budget (Limits.MaxTotal) is shared across every level.
const maxArchiveDepth = 3

// inspectArchive lists the entries of a plain zip archive and, one level
// deep, inspects the Office files, PDFs and RTF files inside it. What
// they carry is reported on the archive with "entry!" in front of the
// location; Embedded says which entry holds macros. Nested files share
// the archive's inflation budget.
func inspectArchive(ctx context.Context, f *Facts, pkg *ooxml.Package, opt Options, depth int) {
	var nestedUsed int64
	for _, e := range pkg.Entries {
		if err := ctx.Err(); err != nil {
			f.problem(ProbUnsupported, f.Name, "inspection cancelled")
			return
		}
		if e.IsDir() {
			continue
		}
		emb := Embedded{Name: e.Name, Kind: KindUnknown}
		if e.Issue != nil {
			if len(f.Embedded) < maxList {
				f.Embedded = append(f.Embedded, emb)
			}
			continue
		}
		rc, err := e.Open()
		if err != nil {
			f.problemErr(e.Name, err)
			continue
		}
		head := make([]byte, headSize)
		n, err := io.ReadFull(rc, head)
		head = head[:n]
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			rc.Close()
			f.problemErr(e.Name, err)
			continue
		}
		emb.Kind = sniff(head)
		switch emb.Kind {
		case KindZIP, KindOLE, KindPDF, KindRTF, KindSYLK:
			if depth >= maxArchiveDepth {
				if emb.Kind == KindZIP {
					// Zips of zips past the depth limit: the shape of a
					// recursion bomb (42.zip), whatever the bytes so far.
					f.problem(ProbBomb, e.Name, fmt.Sprintf("an archive nested more than %d levels deep (zip of zips: a recursion bomb)", maxArchiveDepth))
				}
				break
			}
			var buf bytes.Buffer
			buf.Write(head)
			if _, err := buf.ReadFrom(rc); err != nil {
				rc.Close()
				f.problemErr(e.Name, err)
				continue
			}
			rc.Close()
			sub := &Facts{Path: f.Path + "!" + e.Name, Name: e.Name, Size: int64(buf.Len()), ModTime: e.Modified}
			subOpt := opt
			subOpt.TextLimit = -1
			subOpt.Limits.MaxTotal = max(opt.Limits.MaxTotal-pkg.Inflated()-nestedUsed, 1)
			nestedUsed += run(ctx, sub, memAt(buf.Bytes()), int64(buf.Len()), subOpt, depth+1)
			emb.Kind = sub.Kind
			emb.Macros = len(sub.Macros) > 0 || len(sub.XLM) > 0 || slices.ContainsFunc(sub.Embedded, func(e Embedded) bool { return e.Macros })
			f.merge(e.Name, sub)
			if len(f.Embedded) < maxList {
				f.Embedded = append(f.Embedded, emb)
			}
			continue
		}
		err = drain(rc, head, false)
		rc.Close()
		if err != nil {
			f.problemErr(e.Name, err)
		}
		if len(f.Embedded) < maxList {
			f.Embedded = append(f.Embedded, emb)
		}
	}
}

// merge adds what a file inside an archive carries to the archive's facts,
// its locations prefixed with "entry!".
func (f *Facts) merge(entry string, sub *Facts) {
	at := func(where string) string { return entry + "!" + where }
	for _, p := range sub.Problems {
		f.problem(p.Kind, at(p.Where), p.Detail)
	}
	for _, r := range sub.External {
		if len(f.External) < maxList {
			r.Part = at(r.Part)
			f.External = append(f.External, r)
		}
	}
	for _, d := range sub.DDE {
		f.addIndicator(&f.DDE, at(d.Where), d.Detail)
	}
	for _, x := range sub.XLM {
		f.addIndicator(&f.XLM, at(x.Where), x.Detail)
	}
	for _, x := range sub.ExternalData {
		f.addIndicator(&f.ExternalData, at(x.Where), x.Detail)
	}
	for _, o := range sub.OLEObjects {
		f.addIndicator(&f.OLEObjects, at(o.Where), o.Detail)
	}
	for _, a := range sub.AutoExec {
		f.addAutoExec(a + " (in " + entry + ")")
	}
	for _, e := range sub.Embedded {
		if e.Macros && len(f.Embedded) < maxList {
			e.Name = at(e.Name)
			f.Embedded = append(f.Embedded, e)
		}
	}
	if sub.Encrypted {
		f.problem(ProbUnsupported, entry, entry+" is encrypted; what it holds cannot be checked")
	}
}
