#!/usr/bin/python3
"""mkbook.py OUT CASE — broken and hostile workbooks for tests/bad, written
with python's zipfile so that any part can be wrong.  (Good workbooks come
from a real writer: tests/xlsx/mkxlsx.c.)"""
import sys, zipfile

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%sofficeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>' % REL)


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;")


def cell(ref, v):
    if v is None:
        return ""
    if isinstance(v, tuple):            # ("e", "#N/A"), ("f", None)
        if v[0] == "e":
            return '<c r="%s" t="e"><f>VLOOKUP(A1,B:C,2,0)</f><v>%s</v></c>' % (ref, v[1])
        return '<c r="%s"><f>%s</f></c>' % (ref, v[1])
    if isinstance(v, (int, float)):
        return '<c r="%s"><v>%r</v></c>' % (ref, v)
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, esc(v))


def sheet_xml(rows, merges=()):
    out = ['<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>' % NS]
    for i, row in enumerate(rows):
        out.append('<row r="%d">%s</row>' % (i + 1, "".join(
            cell("%s%d" % (col(j), i + 1), v) for j, v in enumerate(row))))
    out.append("</sheetData>")
    if merges:
        out.append("<mergeCells>%s</mergeCells>" % "".join('<mergeCell ref="%s"/>' % m for m in merges))
    out.append("</worksheet>")
    return "".join(out)


def book(out, sheets, parts=None, extra=(), compression=zipfile.ZIP_DEFLATED):
    """sheets: [(name, xml)]; parts: {name: text} replacing generated ones."""
    wb = ['<?xml version="1.0" encoding="UTF-8"?><workbook %s><sheets>' % NS]
    rels = ['<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    files = {"[Content_Types].xml": "<Types/>", "_rels/.rels": RELS}
    for i, (name, xml) in enumerate(sheets):
        wb.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (esc(name), i + 1, i + 1))
        rels.append('<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>'
                    % (i + 1, REL, i + 1))
        files["xl/worksheets/sheet%d.xml" % (i + 1)] = xml
    wb.append("</sheets></workbook>")
    rels.append("</Relationships>")
    files["xl/workbook.xml"] = "".join(wb)
    files["xl/_rels/workbook.xml.rels"] = "".join(rels)
    files.update(parts or {})
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, text in list(files.items()) + list(extra):
            z.writestr(name, text)


SCORES = [["序号", "单位", "得分"], [1, "甲局", 90], [2, "乙局", "二十"]]


def main():
    out, case = sys.argv[1], sys.argv[2]
    if case == "not-a-number":
        book(out, [("说明", sheet_xml([["说明"], ["见下表"]])), ("评分", sheet_xml(SCORES))])
    elif case == "duplicate-header":
        book(out, [("评分", sheet_xml([["序号", "单位", "单位"], [1, "甲局", "乙局"]]))])
    elif case == "empty-header":
        book(out, [("评分", sheet_xml([["序号", "单位", None, "得分"], [1, "甲局", "备注", 90],
                                      [2, "乙局", None, 80]]))])
    elif case == "merged-title":
        book(out, [("评分", sheet_xml([["2024年度考核结果", None, None], ["序号", "单位", "得分"],
                                      [1, "甲局", 90]], merges=["A1:C1"]))])
    elif case == "error-cell":
        book(out, [("评分", sheet_xml([["序号", "单位", "得分"], [1, "甲局", 90],
                                      [2, "乙局", ("e", "#N/A")], [3, "丙局", ("e", "#DIV/0!")]]))])
    elif case == "formula-unsaved":
        book(out, [("评分", sheet_xml([["序号", "单位", "得分"], [1, "甲局", ("f", "C3*2")]]))])
    elif case == "password":
        # an encrypted OOXML file is an OLE compound file holding EncryptedPackage
        data = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504 +
                "EncryptedInfo EncryptedPackage".encode("utf-16le") + b"\0" * 1024)
        open(out, "wb").write(data)
    elif case == "corrupt":
        book(out, [("评分", sheet_xml(SCORES))])
        data = open(out, "rb").read()
        open(out, "wb").write(data[:len(data) // 2])
    elif case == "bad-xml":
        book(out, [("评分", sheet_xml(SCORES).replace("</row>", "</rwo>", 1))])
    elif case == "zip-bomb":
        book(out, [("评分", '<worksheet %s>%s</worksheet>' % (NS, " " * (64 << 20)))])
    elif case == "dotdot":
        book(out, [("评分", sheet_xml(SCORES))], extra=[("../../../tmp/gongwen-pwned", "x")])
    elif case == "entities":
        lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10)
                         for i in range(1, 10))
               + ']><worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t>'
               '</is></c></row></sheetData></worksheet>' % NS)
        book(out, [("评分", lol)])
    elif case == "external-entity":
        xxe = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               '<sst %s><si><t>&x;</t></si></sst>' % NS)
        parts = {"xl/sharedStrings.xml": xxe,
                 "xl/_rels/workbook.xml.rels":
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
                 '<Relationship Id="rId9" Type="%ssharedStrings" Target="sharedStrings.xml"/>'
                 '</Relationships>' % (REL, REL)}
        book(out, [("评分", sheet_xml(SCORES))], parts)
    elif case == "million-rows":
        rows = "".join('<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                       for i in range(2, 1048577))
        xml = ('<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is>'
               '</c></row>%s</sheetData></worksheet>' % (NS, rows))
        book(out, [("评分", xml)])
    elif case == "huge-sst":
        sst = '<sst %s>%s</sst>' % (NS, "<si><t>a</t></si>" * 2000001)
        parts = {"xl/sharedStrings.xml": sst,
                 "xl/_rels/workbook.xml.rels":
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
                 '<Relationship Id="rId9" Type="%ssharedStrings" Target="sharedStrings.xml"/>'
                 '</Relationships>' % (REL, REL)}
        book(out, [("评分", sheet_xml(SCORES))], parts, compression=zipfile.ZIP_STORED)
    else:
        sys.exit("mkbook: unknown case " + case)


main()
