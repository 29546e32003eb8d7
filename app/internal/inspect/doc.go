// Package inspect owns reading any incoming file, once and within bounds,
// into Facts: what the file really is (from its content, never its name),
// the header table, text, properties, revisions and comments of a Word
// document, and every security indicator the rules judge.
//
// File and Bytes decide the kind from the content: OOXML packages by the
// content type of their main part ([Content_Types].xml; mimetype is only
// a first guess and cannot tell a .docm from a .docx), OLE compound files
// by their streams (WordDocument, Workbook, PowerPoint Document,
// EncryptedPackage), PDF by "%PDF-" in the first 1,024 bytes, RTF by
// "{\rt", then plain zip, text, empty and unknown.
//
// Security indicators: for OOXML, macros (vbaProject.bin anywhere, any
// part starting with the OLE magic, macro-enabled content types),
// auto-executing macro names from the decompressed VBA source (MS-OVBA),
// external relationships from every .rels part, DDE fields (w:fldSimple
// and w:instrText joined across runs), embedded OLE objects and ActiveX,
// encryption; for a plain zip, its entries and, one level deep, the
// Office files inside; for legacy OLE files, VBA storages, the encryption
// flag and the summary information; for PDFs, pdfid-style raw name counts
// with #xx escapes decoded and a pdfcpu pass over every object, including
// those in object streams; for RTF, embedded objects, attached templates
// and DDE fields.
//
// Beyond these (issue 9): Excel 4.0 macro sheets and Auto_Open names
// (xlm.go), default-password decryption (decrypt.go for ECMA-376
// packages, xlscrypt.go for RC4 .xls), the Word 97 piece table
// (docread.go), comments and external data of workbooks and
// presentations (parts.go), and PDF action dictionaries (pdfaction.go).
//
// Everything is bounded by the limits of package ooxml (64 MiB input,
// 4,096 entries, 32 MiB per part, 96 MiB in all, ratio 100:1, XML depth
// 512, no DOCTYPE) and the caps of this package; a limit hit becomes a
// Problem in Facts, never a crash, a hang or unbounded memory. Files are
// opened read-only and never written.
//
// What each part of an OOXML package is read for (and no more): the XML
// parts the readers parse (content types, every .rels, the story parts,
// comments, properties, Excel external links) through ooxml's scanner;
// every other entry once to its end, for its sizes, CRC and the
// package's limits (a bomb or size lie anywhere counts), its first 8
// bytes (OLE magic sends the whole part to the OLE analysis) and, for
// XML parts, a DOCTYPE. A stored entry of a file held in memory is
// checked where it lies, without a copy; media are never decoded.
//
// Files up to 16 MiB are read once into a reused buffer, their SHA-256
// computed chunk by chunk as they arrive, and zips are read in place;
// larger files are hashed in a first pass and read through io.ReaderAt.
//
// Facts (facts.go) is the contract with package rules, which judges Facts
// and never touches files.
package inspect
