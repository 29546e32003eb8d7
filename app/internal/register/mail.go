package register

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Message is a plain-text e-mail: the number request a delegate sends TSB,
// or TSB's reply. EML renders it as an RFC 5322 file a mail program opens
// as a draft; Mailto renders it as an RFC 6068 link.
type Message struct {
	From      mail.Address // may be empty (the mail program fills it)
	To        mail.Address
	Subject   string
	Body      string // plain text, "\n" line breaks
	Date      time.Time
	InReplyTo string // a Message-ID, with or without angle brackets
}

// NumberRequest is what a delegate asks TSB a number for.
type NumberRequest struct {
	Title   string
	Source  string // organization(s)
	Contact string // the contact person's name
	Email   string // the contact's e-mail (the request's From)
	Type    string // input (default), output, temporary, liaison
	Purpose string // discussion, information, decision
}

// RequestMail builds the delegate's number request to the meeting's TSB
// address (Circular 253 §9: "obtain a document number (nnnn) for each
// document from TSB by e-mail").
func RequestMail(p *meeting.Profile, q NumberRequest, now time.Time) Message {
	q.Title, q.Source, q.Contact, q.Email = cleanLine(q.Title), cleanLine(q.Source), cleanLine(q.Contact), cleanLine(q.Email)
	typ, _ := normType(q.Type)
	pur, _ := normPurpose(q.Purpose)
	var b strings.Builder
	b.WriteString("Dear TSB,\n\n")
	fmt.Fprintf(&b, "Please allocate a document number for the following contribution to %s.\n\n", meetingName(p))
	field(&b, "Title", q.Title)
	field(&b, "Source", q.Source)
	field(&b, "Type", contribution.Type(typ).Label())
	if pur != "" {
		field(&b, "Purpose", contribution.Purpose(pur).Label())
	}
	contact := q.Contact
	if q.Email != "" {
		if contact != "" {
			contact += " <" + q.Email + ">"
		} else {
			contact = q.Email
		}
	}
	field(&b, "Contact", contact)
	field(&b, "Meeting", meetingName(p))
	fmt.Fprintf(&b, "\nThe file will be named %s with the number you allocate and uploaded to the incoming folder (%s).\n",
		p.Documents.Pattern, cite(p))
	b.WriteString("\nKind regards,\n")
	if q.Contact != "" {
		b.WriteString(q.Contact + "\n")
	}
	return Message{
		From:    mail.Address{Name: q.Contact, Address: q.Email},
		To:      mail.Address{Name: "TSB " + p.Group.Short, Address: p.TSB.Email},
		Subject: "Document number request: " + q.Title,
		Body:    b.String(),
		Date:    now,
	}
}

// ReplyMail builds TSB's reply to a number request: the allocated number,
// the file name to use, the deadline in Geneva (meeting) time and UTC, and
// the upload instructions of the meeting profile. to overrides the
// document's contact e-mail when not empty.
func ReplyMail(p *meeting.Profile, d Document, to mail.Address, now time.Time) Message {
	if to.Address == "" {
		to.Address = d.Email
	}
	ext := ".docx"
	if len(p.Documents.Extensions) > 0 && !p.Accepts(ext) {
		ext = p.Documents.Extensions[0]
	}
	file := d.Name + ext
	var b strings.Builder
	if to.Name != "" {
		fmt.Fprintf(&b, "Dear %s,\n\n", cleanLine(to.Name))
	} else {
		b.WriteString("Dear colleague,\n\n")
	}
	fmt.Fprintf(&b, "Your contribution has been allocated the document number %s.\n\n", d.Name)
	field(&b, "Number", d.Name)
	field(&b, "Title", d.Title)
	field(&b, "Source", d.Source)
	field(&b, "Meeting", meetingName(p))
	b.WriteString("\nPlease:\n\n")
	fmt.Fprintf(&b, "1. Use the FG base template and write %s as the document number in its header table.\n", d.Name)
	fmt.Fprintf(&b, "2. Name the file %s", file)
	if others := otherExts(p, ext); others != "" {
		fmt.Fprintf(&b, " (for another format, the same name with its extension: %s)", others)
	}
	b.WriteString(".\n")
	dl := p.Deadline()
	if !dl.IsZero() {
		loc := p.Location()
		fmt.Fprintf(&b, "3. Upload it by the deadline: %s %s time (%s), that is %s UTC.\n",
			dl.In(loc).Format("Monday 2 January 2006 15:04:05 MST"), zoneCity(loc.String()), loc.String(), dl.UTC().Format("2006-01-02 15:04:05"))
	} else {
		b.WriteString("3. Upload it before the meeting's document deadline.\n")
	}
	if p.FTP.Host != "" {
		fmt.Fprintf(&b, "   FTP host:        %s\n", p.FTP.Host)
	}
	if p.FTP.Incoming != "" {
		fmt.Fprintf(&b, "   Incoming folder: %s\n", p.FTP.Incoming)
	}
	if p.FTP.WebIncoming != "" {
		fmt.Fprintf(&b, "   You can see the incoming folder in a web browser: %s\n", p.FTP.WebIncoming)
	}
	if p.FTP.WebMeeting != "" {
		fmt.Fprintf(&b, "4. TSB processes the file and moves it to the meeting's read-only folder: %s\n", p.FTP.WebMeeting)
	}
	b.WriteString("\nMeeting documents are public.\n")
	fmt.Fprintf(&b, "\nKind regards,\nTSB, %s\n", p.Group.Short)
	sig := []string{p.TSB.Email}
	if p.TSB.Tel != "" {
		sig = append(sig, "Tel "+p.TSB.Tel)
	}
	if p.TSB.Fax != "" {
		sig = append(sig, "Fax "+p.TSB.Fax)
	}
	b.WriteString(strings.Join(sig, ", ") + "\n")
	return Message{
		From:    mail.Address{Name: "TSB " + p.Group.Short, Address: p.TSB.Email},
		To:      to,
		Subject: fmt.Sprintf("Document number %s: %s", d.Name, d.Title),
		Body:    b.String(),
		Date:    now,
	}
}

func meetingName(p *meeting.Profile) string {
	return p.Title()
}

func cite(p *meeting.Profile) string {
	if p.Circular != "" {
		return p.Circular + " §9"
	}
	return "the meeting's circular"
}

func otherExts(p *meeting.Profile, skip string) string {
	var out []string
	for _, e := range p.Documents.Extensions {
		if e != skip {
			out = append(out, e)
		}
	}
	return strings.Join(out, ", ")
}

// zoneCity turns "Europe/Zurich" into "Zurich"; for the FG meetings in
// Geneva the profile's zone is Europe/Zurich, which is Geneva time.
func zoneCity(tz string) string {
	if tz == "Europe/Zurich" {
		return "Geneva"
	}
	if i := strings.LastIndex(tz, "/"); i >= 0 {
		return strings.ReplaceAll(tz[i+1:], "_", " ")
	}
	return tz
}

func field(b *strings.Builder, name, value string) {
	fmt.Fprintf(b, "%-9s %s\n", name+":", value)
}

// headerSafe removes what could end a header line or start another: CR,
// LF and every other control character become spaces.
func headerSafe(s string) string {
	return cleanLine(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return ' '
		}
		return r
	}, s))
}

func formatAddress(a mail.Address) (string, error) {
	a.Name, a.Address = headerSafe(a.Name), headerSafe(a.Address)
	if a.Address == "" {
		return "", nil
	}
	if err := checkEmail(a.Address); err != nil {
		return "", err
	}
	return a.String(), nil // encodes a non-ASCII name with RFC 2047
}

// EML renders the message as an RFC 5322 file: CRLF line ends, MIME 1.0,
// text/plain UTF-8 in quoted-printable, RFC 2047 Q-encoded subject when it
// is not plain ASCII, folded header lines, and "X-Unsent: 1" so that mail
// programs open it as a draft to send.
func (m Message) EML() ([]byte, error) {
	to, err := formatAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("e-mail To: %w", err)
	}
	if to == "" {
		return nil, fmt.Errorf("%w: e-mail has no recipient", ErrInvalid)
	}
	from, err := formatAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("e-mail From: %w", err)
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	var b bytes.Buffer
	hdr := func(name, value string) {
		b.WriteString(fold(name+": "+value) + "\r\n")
	}
	if from != "" {
		hdr("From", from)
	}
	hdr("To", to)
	hdr("Subject", encodeHeaderText(headerSafe(m.Subject)))
	hdr("Date", date.Format("Mon, 02 Jan 2006 15:04:05 -0700"))
	hdr("Message-ID", messageID(from))
	if r := headerSafe(strings.Trim(m.InReplyTo, "<> ")); r != "" && !strings.ContainsAny(r, "<> ") {
		hdr("In-Reply-To", "<"+r+">")
		hdr("References", "<"+r+">")
	}
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=UTF-8")
	hdr("Content-Transfer-Encoding", "quoted-printable")
	hdr("X-Unsent", "1")
	b.WriteString("\r\n")
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\r", "\n")
	if !utf8.ValidString(body) {
		body = strings.ToValidUTF8(body, "\uFFFD")
	}
	qp := quotedprintable.NewWriter(&b) // turns "\n" into CRLF
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

func messageID(from string) string {
	var r [12]byte
	rand.Read(r[:])
	domain := "fgdesk.invalid"
	if a, err := mail.ParseAddress(from); err == nil {
		if i := strings.LastIndex(a.Address, "@"); i >= 0 {
			domain = a.Address[i+1:]
		}
	}
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">"
}

// fold breaks a header line at spaces so that lines stay under 78
// characters where possible (RFC 5322 §2.2.3); continuation lines start
// with a space. encodeHeaderText keeps every word short enough.
func fold(line string) string {
	const limit = 76
	if len(line) <= limit {
		return line
	}
	words := strings.Split(line, " ")
	var out strings.Builder
	cur := words[0]
	for _, w := range words[1:] {
		if len(cur)+1+len(w) > limit {
			out.WriteString(cur + "\r\n")
			cur = " " + w
			continue
		}
		cur += " " + w
	}
	out.WriteString(cur)
	return out.String()
}

// encodeHeaderText returns s unchanged when it is printable ASCII with no
// word longer than 60 characters, and otherwise as RFC 2047 Q-encoded
// words ("=?UTF-8?q?...?=") of at most 75 characters each, split between
// runes, so that no header line can exceed the 998-character limit.
func encodeHeaderText(s string) string {
	plain := true
	for _, w := range strings.Fields(s) {
		if len(w) > 60 {
			plain = false
		}
	}
	for i := 0; i < len(s) && plain; i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			plain = false
		}
	}
	// "=?" in plain text would be read as the start of an encoded word.
	if plain && !strings.Contains(s, "=?") {
		return s
	}
	const open, close, maxWord = "=?UTF-8?q?", "?=", 75
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, open+cur.String()+close)
			cur.Reset()
		}
	}
	for _, r := range s {
		var enc string
		switch {
		case r == ' ':
			enc = "_"
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!*+-/", r)):
			enc = string(r)
		default:
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], r)
			for _, c := range buf[:n] {
				enc += fmt.Sprintf("=%02X", c)
			}
		}
		if len(open)+cur.Len()+len(enc)+len(close) > maxWord {
			flush()
		}
		cur.WriteString(enc)
	}
	flush()
	return strings.Join(words, " ")
}

// Mailto renders the message as an RFC 6068 mailto: URL: the address, and
// subject and body percent-encoded as UTF-8, spaces as %20 and line breaks
// as %0D%0A.
func (m Message) Mailto() string {
	esc := func(s string) string {
		return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	}
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	addr := headerSafe(m.To.Address)
	return "mailto:" + url.PathEscape(addr) + "?subject=" + esc(headerSafe(m.Subject)) + "&body=" + esc(body)
}
