window.YTD.account.part0 = [
  {
    "account": {
      "email": "ada@adamarrow.example",
      "createdVia": "web",
      "username": "adamarrow",
      "accountId": "1400000000000000001",
      "createdAt": "2010-05-04T08:30:00.000Z",
      "accountDisplayName": "Ada Marrow"
    }
  }
]
