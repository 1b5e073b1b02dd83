#include "reference/reference.h"

// The category tree with its price models, and the word pools that product, brand,
// supplier and search-query names are built from. Prices are in dollars; a category's
// median base price is exp(price_mu), so price_mu is written as ln(median) with the
// median noted beside it. Brand syllables are made up so that "Nova" + "tek" style
// combinations read like brands without naming real ones.

namespace ecomsim::reference {
namespace {

// ---- electronics ----
constexpr std::string_view kElectronicsSubcategories[] = {
    "audio", "computers", "phones_accessories", "tv_video", "cameras", "wearables", "gaming",
};
constexpr std::string_view kElectronicsNouns[] = {
    "headphones",
    "earbuds",
    "bluetooth speaker",
    "charger",
    "power bank",
    "usb cable",
    "laptop",
    "tablet",
    "monitor",
    "keyboard",
    "mouse",
    "webcam",
    "router",
    "smartwatch",
    "fitness tracker",
    "phone case",
    "screen protector",
    "external drive",
    "memory card",
    "television",
    "soundbar",
    "digital camera",
    "tripod",
    "game controller",
    "microphone",
};

// ---- clothing ----
constexpr std::string_view kClothingSubcategories[] = {
    "mens_clothing", "womens_clothing", "kids_clothing", "shoes",
    "outerwear",     "activewear",      "accessories",
};
constexpr std::string_view kClothingNouns[] = {
    "t-shirt", "jeans",    "hoodie",   "sweater", "jacket",     "dress",   "skirt",
    "shorts",  "leggings", "sneakers", "boots",   "sandals",    "socks",   "scarf",
    "beanie",  "belt",     "coat",     "blouse",  "polo shirt", "pajamas", "cardigan",
};

// ---- home_kitchen ----
constexpr std::string_view kHomeKitchenSubcategories[] = {
    "cookware", "small_appliances", "bedding", "bath", "furniture", "home_decor", "storage",
};
constexpr std::string_view kHomeKitchenNouns[] = {
    "frying pan",   "saucepan",      "knife set",       "cutting board",  "blender",
    "coffee maker", "toaster",       "electric kettle", "air fryer",      "pillow",
    "duvet",        "bed sheets",    "bath towel",      "shower curtain", "table lamp",
    "area rug",     "picture frame", "storage bin",     "vacuum cleaner", "dinnerware set",
    "mug",          "bookshelf",
};

// ---- beauty ----
constexpr std::string_view kBeautySubcategories[] = {
    "skincare", "makeup", "hair_care", "fragrance", "nail_care", "beauty_tools",
};
constexpr std::string_view kBeautyNouns[] = {
    "moisturizer", "face serum",        "cleanser",          "sunscreen",  "lipstick",
    "mascara",     "foundation",        "eyeshadow palette", "shampoo",    "conditioner",
    "hair dryer",  "perfume",           "nail polish",       "sheet mask", "makeup brush",
    "body lotion", "hair straightener", "eyeliner",
};

// ---- sports_outdoors ----
constexpr std::string_view kSportsSubcategories[] = {
    "fitness",      "cycling", "camping_hiking", "team_sports",
    "water_sports", "running", "winter_sports",
};
constexpr std::string_view kSportsNouns[] = {
    "yoga mat",   "dumbbells",     "resistance bands", "bicycle",        "bike helmet",
    "tent",       "sleeping bag",  "hiking backpack",  "water bottle",   "soccer ball",
    "basketball", "tennis racket", "swim goggles",     "trekking poles", "kayak paddle",
    "jump rope",  "ski gloves",    "camping stove",    "headlamp",
};

// ---- books ----
constexpr std::string_view kBooksSubcategories[] = {
    "fiction", "non_fiction", "childrens_books", "textbooks", "comics", "cookbooks", "self_help",
};
constexpr std::string_view kBooksNouns[] = {
    "novel",     "paperback", "hardcover",    "cookbook",          "biography",
    "memoir",    "textbook",  "workbook",     "graphic novel",     "picture book",
    "audiobook", "box set",   "travel guide", "poetry collection", "study guide",
};

// ---- toys_games ----
constexpr std::string_view kToysSubcategories[] = {
    "board_games",  "puzzles",          "building_sets", "dolls_figures",
    "outdoor_play", "educational_toys", "video_games",
};
constexpr std::string_view kToysNouns[] = {
    "board game", "jigsaw puzzle", "building blocks", "doll", "action figure", "plush toy",
    "toy car",    "card game",     "play kitchen",    "kite", "science kit",   "remote control car",
    "dollhouse",  "water blaster", "video game",
};

// ---- grocery ----
constexpr std::string_view kGrocerySubcategories[] = {
    "pantry", "snacks", "beverages", "coffee_tea", "breakfast", "organic",
};
constexpr std::string_view kGroceryNouns[] = {
    "coffee beans", "green tea",       "olive oil",     "pasta",         "basmati rice",
    "granola",      "cereal",          "peanut butter", "chocolate bar", "potato chips",
    "trail mix",    "sparkling water", "honey",         "spice set",     "protein bar",
    "maple syrup",  "crackers",
};

// ---- health ----
constexpr std::string_view kHealthSubcategories[] = {
    "vitamins", "supplements", "personal_care", "medical_supplies", "oral_care", "first_aid",
};
constexpr std::string_view kHealthNouns[] = {
    "multivitamin",           "fish oil",      "protein powder", "toothbrush",
    "electric toothbrush",    "toothpaste",    "dental floss",   "thermometer",
    "blood pressure monitor", "first aid kit", "heating pad",    "pain relief cream",
    "hand sanitizer",         "bandages",      "massage gun",    "sleep aid",
};

// ---- jewelry ----
constexpr std::string_view kJewelrySubcategories[] = {
    "necklaces", "rings", "earrings", "bracelets", "watches",
};
constexpr std::string_view kJewelryNouns[] = {
    "necklace", "pendant", "ring",  "engagement ring", "stud earrings", "hoop earrings", "bracelet",
    "bangle",   "anklet",  "charm", "watch",           "cufflinks",     "brooch",        "chain",
};

// ---- pet_supplies ----
constexpr std::string_view kPetSubcategories[] = {
    "dog_supplies", "cat_supplies", "aquarium", "small_animal", "bird_supplies",
};
constexpr std::string_view kPetNouns[] = {
    "dog food",   "cat food",        "cat litter",  "dog bed",         "leash",     "collar",
    "chew toy",   "scratching post", "pet carrier", "aquarium filter", "fish food", "bird cage",
    "litter box", "pet shampoo",     "dog treats",  "food bowl",
};

// ---- automotive ----
constexpr std::string_view kAutomotiveSubcategories[] = {
    "car_care",        "interior_accessories", "exterior_accessories",
    "tools_equipment", "car_electronics",      "replacement_parts",
};
constexpr std::string_view kAutomotiveNouns[] = {
    "car wax",   "microfiber towels", "seat cover",    "floor mats",   "phone mount",
    "dash cam",  "jump starter",      "tire inflator", "wiper blades", "air freshener",
    "motor oil", "car charger",       "roof rack",     "tool kit",     "headlight bulbs",
};

// ---- office_products ----
constexpr std::string_view kOfficeSubcategories[] = {
    "writing_instruments", "paper_products",   "desk_accessories",
    "office_furniture",    "printer_supplies",
};
constexpr std::string_view kOfficeNouns[] = {
    "notebook",      "ballpoint pens", "gel pens",      "highlighters",  "sticky notes",
    "stapler",       "desk organizer", "printer paper", "ink cartridge", "office chair",
    "standing desk", "file folders",   "whiteboard",    "desk lamp",     "planner",
};

// Popularity weights sum to 1.00. Return rates follow e-commerce norms: apparel and
// jewelry high (fit, look), electronics moderate, consumables low; over the catalog's mix
// about 15% of order lines, as online returns are (docs/realism.md: 16.5-20.8% of online
// sales). Price spreads (sigma of the log price) are those within a category; the spread
// of order values across categories comes out as real stores' (docs/realism.md).
constexpr Category kCategories[] = {
    {.name = "electronics",
     .price_mu = 4.50,  // median $90
     .price_sigma = 0.77,
     .min_price = 5.0,
     .max_price = 2000.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 30.0,
     .cost_ratio = 0.70,
     .return_rate = 0.15,
     .popularity = 0.17,
     .subcategories = kElectronicsSubcategories,
     .nouns = kElectronicsNouns},
    {.name = "clothing",
     .price_mu = 3.40,  // median $30
     .price_sigma = 0.49,
     .min_price = 5.0,
     .max_price = 500.0,
     .discount_min_pct = 10.0,
     .discount_max_pct = 60.0,
     .cost_ratio = 0.40,
     .return_rate = 0.30,
     .popularity = 0.16,
     .subcategories = kClothingSubcategories,
     .nouns = kClothingNouns},
    {.name = "home_kitchen",
     .price_mu = 3.56,  // median $35
     .price_sigma = 0.63,
     .min_price = 4.0,
     .max_price = 1500.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 40.0,
     .cost_ratio = 0.55,
     .return_rate = 0.14,
     .popularity = 0.13,
     .subcategories = kHomeKitchenSubcategories,
     .nouns = kHomeKitchenNouns},
    {.name = "beauty",
     .price_mu = 2.89,  // median $18
     .price_sigma = 0.49,
     .min_price = 3.0,
     .max_price = 300.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 35.0,
     .cost_ratio = 0.45,
     .return_rate = 0.1,
     .popularity = 0.09,
     .subcategories = kBeautySubcategories,
     .nouns = kBeautyNouns},
    {.name = "sports_outdoors",
     .price_mu = 3.69,  // median $40
     .price_sigma = 0.66,
     .min_price = 5.0,
     .max_price = 2500.0,
     .discount_min_pct = 10.0,
     .discount_max_pct = 40.0,
     .cost_ratio = 0.55,
     .return_rate = 0.16,
     .popularity = 0.08,
     .subcategories = kSportsSubcategories,
     .nouns = kSportsNouns},
    {.name = "books",
     .price_mu = 2.71,  // median $15
     .price_sigma = 0.35,
     .min_price = 3.0,
     .max_price = 120.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 30.0,
     .cost_ratio = 0.60,
     .return_rate = 0.06,
     .popularity = 0.07,
     .subcategories = kBooksSubcategories,
     .nouns = kBooksNouns},
    {.name = "toys_games",
     .price_mu = 3.22,  // median $25
     .price_sigma = 0.56,
     .min_price = 4.0,
     .max_price = 500.0,
     .discount_min_pct = 10.0,
     .discount_max_pct = 50.0,
     .cost_ratio = 0.50,
     .return_rate = 0.12,
     .popularity = 0.07,
     .subcategories = kToysSubcategories,
     .nouns = kToysNouns},
    {.name = "grocery",
     .price_mu = 2.08,  // median $8
     .price_sigma = 0.42,
     .min_price = 1.0,
     .max_price = 150.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 25.0,
     .cost_ratio = 0.75,
     .return_rate = 0.03,
     .popularity = 0.07,
     .subcategories = kGrocerySubcategories,
     .nouns = kGroceryNouns},
    {.name = "health",
     .price_mu = 2.71,  // median $15
     .price_sigma = 0.49,
     .min_price = 2.0,
     .max_price = 400.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 30.0,
     .cost_ratio = 0.50,
     .return_rate = 0.06,
     .popularity = 0.06,
     .subcategories = kHealthSubcategories,
     .nouns = kHealthNouns},
    {.name = "jewelry",
     .price_mu = 4.09,  // median $60
     .price_sigma = 0.84,
     .min_price = 10.0,
     .max_price = 5000.0,
     .discount_min_pct = 10.0,
     .discount_max_pct = 50.0,
     .cost_ratio = 0.35,
     .return_rate = 0.24,
     .popularity = 0.03,
     .subcategories = kJewelrySubcategories,
     .nouns = kJewelryNouns},
    {.name = "pet_supplies",
     .price_mu = 3.00,  // median $20
     .price_sigma = 0.56,
     .min_price = 2.0,
     .max_price = 400.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 30.0,
     .cost_ratio = 0.60,
     .return_rate = 0.08,
     .popularity = 0.03,
     .subcategories = kPetSubcategories,
     .nouns = kPetNouns},
    {.name = "automotive",
     .price_mu = 3.40,  // median $30
     .price_sigma = 0.70,
     .min_price = 3.0,
     .max_price = 1500.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 30.0,
     .cost_ratio = 0.60,
     .return_rate = 0.12,
     .popularity = 0.02,
     .subcategories = kAutomotiveSubcategories,
     .nouns = kAutomotiveNouns},
    {.name = "office_products",
     .price_mu = 2.48,  // median $12
     .price_sigma = 0.63,
     .min_price = 1.0,
     .max_price = 800.0,
     .discount_min_pct = 5.0,
     .discount_max_pct = 35.0,
     .cost_ratio = 0.55,
     .return_rate = 0.08,
     .popularity = 0.02,
     .subcategories = kOfficeSubcategories,
     .nouns = kOfficeNouns},
};

constexpr std::string_view kProductAdjectives[] = {
    "Compact",     "Wireless",  "Portable",     "Premium",     "Classic",      "Deluxe",
    "Ultra",       "Essential", "Eco",          "Smart",       "Pro",          "Lightweight",
    "Heavy-Duty",  "Ergonomic", "Adjustable",   "Foldable",    "Rechargeable", "Waterproof",
    "Vintage",     "Modern",    "Rustic",       "Minimalist",  "Organic",      "Natural",
    "Everyday",    "Advanced",  "Professional", "Signature",   "Elite",        "Luxury",
    "Soft",        "Sturdy",    "Durable",      "Sleek",       "Slim",         "Mini",
    "Max",         "Plus",      "Quick",        "Silent",      "Cordless",     "Insulated",
    "Breathable",  "Stretch",   "Cozy",         "Travel",      "Outdoor",      "Urban",
    "Vivid",       "Bright",    "Crystal",      "Golden",      "Midnight",     "Arctic",
    "Coastal",     "Alpine",    "Rapid",        "Precision",   "Smooth",       "Gentle",
    "Fresh",       "Pure",      "Bold",         "Handcrafted", "Stainless",    "Bamboo",
    "Cotton",      "Leather",   "Ceramic",      "Carbon",      "Dual",         "Multi-Purpose",
    "All-Weather", "Non-Stick", "Refillable",   "Reversible",  "Extra-Large",  "Heritage",
};

// Fictional brand syllables: a prefix and a suffix concatenate into a brand ("Novatek").
constexpr std::string_view kBrandPrefixes[] = {
    "Nova", "Zeno", "Lumo", "Vexa",   "Orbi",  "Aeri", "Kiro",  "Velo",  "Quira", "Zyra", "Brio",
    "Solu", "Tera", "Mira", "Axo",    "Fluxo", "Cora", "Pexi",  "Lyra",  "Drava", "Hexa", "Juno",
    "Kalo", "Onyx", "Pira", "Rivo",   "Sela",  "Tovi", "Ulma",  "Vanti", "Wexo",  "Xylo", "Yuvo",
    "Zola", "Ambi", "Belo", "Cirra",  "Dexi",  "Elva", "Fyra",  "Gala",  "Hovi",  "Iro",  "Jexa",
    "Kora", "Mavo", "Nexo", "Prismo", "Qora",  "Sylo", "Trava", "Umbra", "Vira",  "Zuri",
};
constexpr std::string_view kBrandSuffixes[] = {
    "tek",   "ly",   "ora",  "io",   "ix",   "ex",   "vo",   "ara",    "wise", "works",
    "craft", "nest", "loom", "line", "form", "lab",  "bit",  "sphere", "ium",  "ona",
    "yx",    "ette", "gen",  "ico",  "dyne", "vale", "mark", "field",
};

constexpr std::string_view kSupplierWords[] = {
    "Global",    "Pacific",     "Atlantic", "Northern",   "Southern", "Eastern",  "Western",
    "United",    "Continental", "Summit",   "Pinnacle",   "Harbor",   "Meridian", "Horizon",
    "Evergreen", "Silverline",  "Redwood",  "Bluewater",  "Keystone", "Liberty",  "Frontier",
    "Granite",   "Sterling",    "Crescent", "Apex",       "Heritage", "Prime",    "Coastal",
    "Highland",  "Riverbend",   "Oakridge", "Ironbridge", "Lakeside", "Sunrise",  "Cardinal",
    "Trident",   "Beacon",      "Compass",  "Orient",     "Delta",
};
constexpr std::string_view kSupplierKinds[] = {
    "Trading",    "Logistics", "Supply", "Manufacturing", "Imports", "Distribution",
    "Industries", "Wholesale", "Goods",  "Sourcing",      "Exports", "Commerce",
};

// Modifiers that shoppers add to a product or category term in a search query.
constexpr std::string_view kSearchModifiers[] = {
    "cheap",     "best",        "for kids",     "2024",        "2025",          "wireless",
    "on sale",   "discount",    "under 50",     "under 100",   "premium",       "for women",
    "for men",   "gift",        "gift ideas",   "small",       "large",         "black",
    "white",     "waterproof",  "portable",     "organic",     "eco friendly",  "free shipping",
    "top rated", "new",         "best seller",  "lightweight", "set",           "bundle",
    "refill",    "replacement", "professional", "travel size", "for beginners", "heavy duty",
    "vegan",     "reviews",     "compact",      "deals",
};

}  // namespace

std::span<const Category> Categories() { return kCategories; }
std::span<const std::string_view> ProductAdjectives() { return kProductAdjectives; }
std::span<const std::string_view> BrandPrefixes() { return kBrandPrefixes; }
std::span<const std::string_view> BrandSuffixes() { return kBrandSuffixes; }
std::span<const std::string_view> SupplierWords() { return kSupplierWords; }
std::span<const std::string_view> SupplierKinds() { return kSupplierKinds; }
std::span<const std::string_view> SearchModifiers() { return kSearchModifiers; }

}  // namespace ecomsim::reference
