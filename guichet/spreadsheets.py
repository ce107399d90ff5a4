"""Spreadsheet files a Belgian office opens as they are: CSV for Excel in fr-BE, XLSX, ODS.

Every writer takes a `Sheet`: a title (the sheet's name), column headers, typed rows (str,
int, float, Decimal, datetime.date, datetime.datetime or None) and column widths in
characters.

- CSV (`office_csv_lines`): ";" between fields, UTF-8 with a byte order mark, dates as
  "31/12/2026 14:05", decimal numbers with a comma — what Excel set to fr-BE reads as dates and
  numbers without an import wizard (with "," or a decimal point it reads one text column, or
  "12.5" as the 12th of May). The machine-readable variant of each export keeps ",", ISO 8601
  and decimal points; it is written by django-import-export in `guichet.bureau.stats_views`.
- XLSX (openpyxl) and ODS (odfpy): typed cells (dates are dates, numbers are numbers), a named
  sheet, a bold header row that stays in view when scrolling, column widths.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


@dataclass
class Sheet:
    title: str
    headers: list
    rows: list = field(default_factory=list)
    widths: list = field(default_factory=list)  # characters, one per column (default 14)

    def width(self, index):
        return self.widths[index] if index < len(self.widths) else 14


def office_text(value):
    """A typed value as a cell of the office CSV (fr-BE conventions)."""
    if value is None:
        return ""
    if type(value) is str:  # most cells: answered before the other checks
        return value
    if isinstance(value, datetime.datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float | Decimal):
        return format(value, "f").rstrip("0").rstrip(".").replace(".", ",") if value else "0"
    return str(value)


class _Echo:
    def write(self, value):
        return value


def office_csv_lines(headers, rows):
    """The lines of the office CSV (the first one starts with the byte order mark), one
    at a time, for a streaming response."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow([str(h) for h in headers])
    for row in rows:
        yield writer.writerow([office_text(value) for value in row])


def office_csv(sheet):
    return "".join(office_csv_lines(sheet.headers, sheet.rows)).encode("utf-8")


def xlsx(sheet):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = str(sheet.title)[:31]
    worksheet.append([str(h) for h in sheet.headers])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.rows:
        worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    for index in range(len(sheet.headers)):
        worksheet.column_dimensions[get_column_letter(index + 1)].width = sheet.width(index)
    worksheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_cell(worksheet, value):
    """A typed cell: dates shown the Belgian way, numbers as numbers."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, datetime.datetime):
        # Already in local time: spreadsheets have no time zones.
        cell = WriteOnlyCell(worksheet, value=value.replace(tzinfo=None))
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value


def ods(sheet):
    from odf import config, number, style, table, text
    from odf.opendocument import OpenDocumentSpreadsheet

    document = OpenDocumentSpreadsheet()

    date_style = number.DateStyle(name="date")
    for part in (
        number.Day(style="long"),
        number.Text(text="/"),
        number.Month(style="long"),
        number.Text(text="/"),
        number.Year(style="long"),
    ):
        date_style.addElement(part)
    datetime_style = number.DateStyle(name="datetime")
    for part in (
        number.Day(style="long"),
        number.Text(text="/"),
        number.Month(style="long"),
        number.Text(text="/"),
        number.Year(style="long"),
        number.Text(text=" "),
        number.Hours(style="long"),
        number.Text(text=":"),
        number.Minutes(style="long"),
    ):
        datetime_style.addElement(part)
    document.styles.addElement(date_style)
    document.styles.addElement(datetime_style)
    date_cell = style.Style(name="cell-date", family="table-cell", datastylename="date")
    datetime_cell = style.Style(name="cell-datetime", family="table-cell", datastylename="datetime")
    header_cell = style.Style(name="cell-header", family="table-cell")
    header_cell.addElement(style.TextProperties(fontweight="bold"))
    for item in (date_cell, datetime_cell, header_cell):
        document.automaticstyles.addElement(item)

    title = str(sheet.title)
    worksheet = table.Table(name=title)
    for index in range(len(sheet.headers)):
        column_style = style.Style(name=f"col{index}", family="table-column")
        # About 0.22 cm per character of the default 10 pt font.
        column_style.addElement(
            style.TableColumnProperties(columnwidth=f"{sheet.width(index) * 0.22:.2f}cm")
        )
        document.automaticstyles.addElement(column_style)
        worksheet.addElement(table.TableColumn(stylename=column_style))

    header_row = table.TableRow()
    for header in sheet.headers:
        cell = table.TableCell(valuetype="string", stylename=header_cell)
        cell.addElement(text.P(text=str(header)))
        header_row.addElement(cell)
    worksheet.addElement(header_row)
    for row in sheet.rows:
        table_row = table.TableRow()
        for value in row:
            table_row.addElement(_ods_cell(value, date_cell, datetime_cell))
        worksheet.addElement(table_row)
    document.spreadsheet.addElement(worksheet)

    # The header row stays in view: LibreOffice's view settings split the sheet below row 1.
    view_settings = config.ConfigItemSet(name="ooo:view-settings")
    views = config.ConfigItemMapIndexed(name="Views")
    view = config.ConfigItemMapEntry()
    view.addElement(_config_item("ViewId", "string", "view1"))
    tables = config.ConfigItemMapNamed(name="Tables")
    entry = config.ConfigItemMapEntry(name=title)
    for name, kind, value in (
        ("HorizontalSplitMode", "short", "0"),
        ("VerticalSplitMode", "short", "2"),
        ("HorizontalSplitPosition", "int", "0"),
        ("VerticalSplitPosition", "int", "1"),
        ("ActiveSplitRange", "short", "2"),
        ("PositionLeft", "int", "0"),
        ("PositionRight", "int", "0"),
        ("PositionTop", "int", "0"),
        ("PositionBottom", "int", "1"),
    ):
        entry.addElement(_config_item(name, kind, value))
    tables.addElement(entry)
    view.addElement(tables)
    view.addElement(_config_item("ActiveTable", "string", title))
    views.addElement(view)
    view_settings.addElement(views)
    document.settings.addElement(view_settings)

    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def _config_item(name, kind, value):
    from odf import config

    item = config.ConfigItem(name=name, type=kind)
    item.addText(value)
    return item


def _ods_cell(value, date_cell, datetime_cell):
    from odf import table, text

    if value is None or value == "":
        return table.TableCell()
    if isinstance(value, bool):
        value = "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        value = value.replace(tzinfo=None)
        cell = table.TableCell(
            valuetype="date",
            datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"),
            stylename=datetime_cell,
        )
        cell.addElement(text.P(text=value.strftime(DATETIME_FORMAT)))
        return cell
    if isinstance(value, datetime.date):
        cell = table.TableCell(valuetype="date", datevalue=value.isoformat(), stylename=date_cell)
        cell.addElement(text.P(text=value.strftime(DATE_FORMAT)))
        return cell
    if isinstance(value, int | float | Decimal):
        # The office:value is what spreadsheets compute with; the paragraph is only a cached
        # rendering, which some readers (tablib) parse as the number: keep it machine-plain.
        cell = table.TableCell(valuetype="float", value=str(value))
        cell.addElement(text.P(text=str(value)))
        return cell
    cell = table.TableCell(valuetype="string")
    cell.addElement(text.P(text=str(value)))
    return cell
