window.YTD.tweets.part0 = [
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2028413755194762943"
          ],
          "editableUntil": "2026-03-02T11:15:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "77"
      ],
      "favorite_count": "3540",
      "id_str": "2028413755194762943",
      "truncated": false,
      "retweet_count": "403",
      "id": "2028413755194762943",
      "created_at": "Mon Mar 02 10:15:00 +0000 2026",
      "favorited": false,
      "full_text": "Last read-through of the proofs today. The kettle has not been off since six.",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2028510643614949972"
          ],
          "editableUntil": "2026-03-02T17:40:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "mairi_reads",
            "screen_name": "mairi_reads",
            "indices": [
              "0",
              "12"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "109"
      ],
      "favorite_count": "216",
      "id_str": "2028510643614949972",
      "truncated": false,
      "retweet_count": "79",
      "id": "2028510643614949972",
      "created_at": "Mon Mar 02 16:40:00 +0000 2026",
      "favorited": false,
      "full_text": "@mairi_reads Chapter nine is where Morag finally forgives her brother. I cried writing it too, if that helps.",
      "lang": "en",
      "in_reply_to_screen_name": "mairi_reads",
      "in_reply_to_status_id_str": "2028505862111544796",
      "in_reply_to_user_id_str": "2",
      "in_reply_to_status_id": "2028505862111544796"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2028545875768338764"
          ],
          "editableUntil": "2026-03-02T20:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "130"
      ],
      "favorite_count": "2786",
      "id_str": "2028545875768338764",
      "truncated": false,
      "retweet_count": "530",
      "id": "2028545875768338764",
      "created_at": "Mon Mar 02 19:00:00 +0000 2026",
      "favorited": false,
      "full_text": "Reminder that the Skerrow library is open late on Thursdays. Go and borrow something. Not mine. Something you have never heard of.",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1897012345678901234"
          ],
          "editableUntil": "2026-03-03T19:02:11.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": [
          {
            "url": "https://t.co/N7XELJuMNp",
            "expanded_url": "https://saltmarshpress.example/news/the-last-tide-table",
            "display_url": "saltmarshpress.example/n…",
            "indices": [
              "160",
              "183"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "183"
      ],
      "favorite_count": "1086",
      "id_str": "1897012345678901234",
      "truncated": false,
      "retweet_count": "214",
      "id": "1897012345678901234",
      "created_at": "Tue Mar 03 18:02:11 +0000 2026",
      "favorited": false,
      "full_text": "After forty years at the desk, the twelfth book will be the last one. Thank you for reading me, all of you, and for writing back. More on what comes next soon. https://t.co/N7XELJuMNp",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2028901133320158882"
          ],
          "editableUntil": "2026-03-03T19:31:40.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Saltmarsh Press",
            "screen_name": "SaltmarshPress",
            "indices": [
              "3",
              "18"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "181"
      ],
      "favorite_count": "0",
      "id_str": "2028901133320158882",
      "truncated": false,
      "retweet_count": "0",
      "id": "2028901133320158882",
      "created_at": "Tue Mar 03 18:31:40 +0000 2026",
      "favorited": false,
      "full_text": "RT @SaltmarshPress: We are proud to confirm that The Last Tide Table, Ada Marrow's twelfth novel, will be published next spring. Forty years, twelve books, one extraordinary writer.",
      "lang": "en",
      "retweeted_status": {
        "id_str": "2028898616735706764"
      }
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2028905000466003321"
          ],
          "editableUntil": "2026-03-03T19:47:02.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "jookafor",
            "screen_name": "jookafor",
            "indices": [
              "0",
              "9"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "98"
      ],
      "favorite_count": "242",
      "id_str": "2028905000466003321",
      "truncated": false,
      "retweet_count": "89",
      "id": "2028905000466003321",
      "created_at": "Tue Mar 03 18:47:02 +0000 2026",
      "favorited": false,
      "full_text": "@jookafor Tell your grandmother's copy I said hello. Coffee rings are the best kind of marginalia.",
      "lang": "en",
      "in_reply_to_screen_name": "jookafor",
      "in_reply_to_status_id_str": "1897019876543210987",
      "in_reply_to_user_id_str": "2",
      "in_reply_to_status_id": "1897019876543210987"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2028913485545797524"
          ],
          "editableUntil": "2026-03-03T20:20:45.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "ruthsaltmarsh",
            "screen_name": "ruthsaltmarsh",
            "indices": [
              "0",
              "14"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "100"
      ],
      "favorite_count": "135",
      "id_str": "2028913485545797524",
      "truncated": false,
      "retweet_count": "359",
      "id": "2028913485545797524",
      "created_at": "Tue Mar 03 19:20:45 +0000 2026",
      "favorited": false,
      "full_text": "@ruthsaltmarsh Forty years and you still have that photograph. And that hat. We were so young, Ruth.",
      "lang": "en",
      "in_reply_to_screen_name": "ruthsaltmarsh",
      "in_reply_to_status_id_str": "2028908766951155743",
      "in_reply_to_user_id_str": "2",
      "in_reply_to_status_id": "2028908766951155743"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2028941016957481841"
          ],
          "editableUntil": "2026-03-03T22:10:09.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "107"
      ],
      "favorite_count": "3886",
      "id_str": "2028941016957481841",
      "truncated": false,
      "retweet_count": "290",
      "id": "2028941016957481841",
      "created_at": "Tue Mar 03 21:10:09 +0000 2026",
      "favorited": false,
      "full_text": "I am reading every reply, slowly, with a glass of something. You have made an old woman very happy tonight.",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2028954946240177378"
          ],
          "editableUntil": "2026-03-03T23:05:30.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "125"
      ],
      "favorite_count": "816",
      "id_str": "2028954946240177378",
      "truncated": false,
      "retweet_count": "280",
      "id": "2028954946240177378",
      "created_at": "Tue Mar 03 22:05:30 +0000 2026",
      "favorited": false,
      "full_text": "To those asking: no, there is no thirteenth book hidden in a drawer. Twelve is a good number. A tide table has twelve months.",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029120159875442903"
          ],
          "editableUntil": "2026-03-04T10:02:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "57"
      ],
      "favorite_count": "916",
      "id_str": "2029120159875442903",
      "truncated": false,
      "retweet_count": "165",
      "id": "2029120159875442903",
      "created_at": "Wed Mar 04 09:02:00 +0000 2026",
      "favorited": false,
      "full_text": "Some of you asked why now. Here is the longer answer. 1/4",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029120453475682498"
          ],
          "editableUntil": "2026-03-04T10:03:10.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "161"
      ],
      "favorite_count": "2849",
      "id_str": "2029120453475682498",
      "truncated": false,
      "retweet_count": "672",
      "id": "2029120453475682498",
      "created_at": "Wed Mar 04 09:03:10 +0000 2026",
      "favorited": false,
      "full_text": "2/4 Last November I lost Callum, my husband of forty-four years. He was coxswain of the Skerrow lifeboat for twenty of them, and my first reader for all of them.",
      "lang": "en",
      "in_reply_to_screen_name": "adamarrow",
      "in_reply_to_status_id_str": "2029120159875442903",
      "in_reply_to_user_id_str": "1400000000000000001",
      "in_reply_to_status_id": "2029120159875442903"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029120768049379205"
          ],
          "editableUntil": "2026-03-04T10:04:25.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "151"
      ],
      "favorite_count": "1820",
      "id_str": "2029120768049379205",
      "truncated": false,
      "retweet_count": "808",
      "id": "2029120768049379205",
      "created_at": "Wed Mar 04 09:04:25 +0000 2026",
      "favorited": false,
      "full_text": "3/4 I finished The Last Tide Table at his desk in the boathouse. It is his book. I cannot imagine a thirteenth without his pencil marks in the margins.",
      "lang": "en",
      "in_reply_to_screen_name": "adamarrow",
      "in_reply_to_status_id_str": "2029120453475682498",
      "in_reply_to_user_id_str": "1400000000000000001",
      "in_reply_to_status_id": "2029120453475682498"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029121082620144331"
          ],
          "editableUntil": "2026-03-04T10:05:40.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "167"
      ],
      "favorite_count": "2384",
      "id_str": "2029121082620144331",
      "truncated": false,
      "retweet_count": "312",
      "id": "2029121082620144331",
      "created_at": "Wed Mar 04 09:05:40 +0000 2026",
      "favorited": false,
      "full_text": "4/4 So I will teach: young writers from the coast, in the old net loft, from September. He would have liked that. Thank you for your kindness yesterday. It carried me.",
      "lang": "en",
      "in_reply_to_screen_name": "adamarrow",
      "in_reply_to_status_id_str": "2029120768049379205",
      "in_reply_to_user_id_str": "1400000000000000001",
      "in_reply_to_status_id": "2029120768049379205"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029200187195015835"
          ],
          "editableUntil": "2026-03-04T15:20:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "nkechiah",
            "screen_name": "nkechiah",
            "indices": [
              "0",
              "9"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "129"
      ],
      "favorite_count": "371",
      "id_str": "2029200187195015835",
      "truncated": false,
      "retweet_count": "103",
      "id": "2029200187195015835",
      "created_at": "Wed Mar 04 14:20:00 +0000 2026",
      "favorited": false,
      "full_text": "@nkechiah Thank you, Nkechi. The lifeboat money was his idea, for the record. He always said I got the credit for his good ideas.",
      "lang": "en",
      "in_reply_to_screen_name": "nkechiah",
      "in_reply_to_status_id_str": "1897031122334455667",
      "in_reply_to_user_id_str": "2",
      "in_reply_to_status_id": "1897031122334455667"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029281976120788868"
          ],
          "editableUntil": "2026-03-04T20:45:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "154"
      ],
      "favorite_count": "1192",
      "id_str": "2029281976120788868",
      "truncated": false,
      "retweet_count": "649",
      "id": "2029281976120788868",
      "created_at": "Wed Mar 04 19:45:00 +0000 2026",
      "favorited": false,
      "full_text": "The lifeboat crew came to the door with flowers. The whole crew, in their yellow jackets. I have no words, which for a novelist is a professional failure.",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029323499732725325"
          ],
          "editableUntil": "2026-03-04T23:30:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "130"
      ],
      "favorite_count": "1906",
      "id_str": "2029323499732725325",
      "truncated": false,
      "retweet_count": "88",
      "id": "2029323499732725325",
      "created_at": "Wed Mar 04 22:30:00 +0000 2026",
      "favorited": false,
      "full_text": "Some people think this is a stunt. Fine. The book will be out in the spring and you can judge it then. That is what books are for.",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029504693665120301"
          ],
          "editableUntil": "2026-03-05T11:30:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "140"
      ],
      "favorite_count": "2842",
      "id_str": "2029504693665120301",
      "truncated": false,
      "retweet_count": "127",
      "id": "2029504693665120301",
      "created_at": "Thu Mar 05 10:30:00 +0000 2026",
      "favorited": false,
      "full_text": "Saltmarsh Press tells me the pre-orders have made the printers nervous. Please be patient with them; they are good people with old machines.",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029602840378339379"
          ],
          "editableUntil": "2026-03-05T18:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "85"
      ],
      "favorite_count": "3023",
      "id_str": "2029602840378339379",
      "truncated": false,
      "retweet_count": "811",
      "id": "2029602840378339379",
      "created_at": "Thu Mar 05 17:00:00 +0000 2026",
      "favorited": false,
      "full_text": "Tusen takk til alle mine norske lesere. Dere har alltid forstått havet i bøkene mine.",
      "lang": "no"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029667013228194933"
          ],
          "editableUntil": "2026-03-05T22:15:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "136"
      ],
      "favorite_count": "2546",
      "id_str": "2029667013228194933",
      "truncated": false,
      "retweet_count": "37",
      "id": "2029667013228194933",
      "created_at": "Thu Mar 05 21:15:00 +0000 2026",
      "favorited": false,
      "full_text": "A reader in Halifax sent a photograph of Net Menders on a trawler's galley shelf, swollen fat with sea air. Best review I have ever had.",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029844432286981843"
          ],
          "editableUntil": "2026-03-06T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "92"
      ],
      "favorite_count": "1410",
      "id_str": "2029844432286981843",
      "truncated": false,
      "retweet_count": "499",
      "id": "2029844432286981843",
      "created_at": "Fri Mar 06 09:00:00 +0000 2026",
      "favorited": false,
      "full_text": "Back to the desk. Page 301 of 340. Thank you, all of you. Now hush, I have a book to finish.",
      "lang": "en"
    }
  }
]
