// Tables as spreadsheets.
